#!/usr/bin/env escript
%% mkvectors.escript: the V2 values of cases.txt encoded in UPER by an
%% independent implementation of ITU-T X.691, Erlang/OTP's asn1 application
%% (Debian: erlang-asn1), for vectors.txt.  Only needed to regenerate it:
%%
%%   escript tests/fwdcompat/mkvectors.escript tests/fwdcompat/FwdV2.asn \
%%       tests/fwdcompat/cases.txt > tests/fwdcompat/vectors.txt
%%
%% Values are derived from each case exactly as fwd.c builds them.

-mode(compile).

main([Asn, Cases]) ->
    Dir = string:trim(os:cmd("mktemp -d")),
    Src = filename:join(Dir, "FwdTest.asn"),
    {ok, _} = file:copy(Asn, Src),
    ok = asn1ct:compile(Src, [uper, {outdir, Dir}]),
    true = code:add_patha(Dir),
    {ok, Text} = file:read_file(Cases),
    io:format("# ~s encoded by Erlang/OTP asn1 ~s (uper), see mkvectors.escript~n",
              [filename:basename(Asn), asn1_vsn()]),
    [vector(L) || L <- string:split(binary_to_list(Text), "\n", all),
                  L =/= "", hd(L) =/= $#],
    os:cmd("rm -rf " ++ Dir),
    ok;
main(_) ->
    io:format(standard_error, "usage: mkvectors.escript FwdV2.asn cases.txt~n", []),
    halt(2).

asn1_vsn() ->
    application:load(asn1),
    {ok, V} = application:get_key(asn1, vsn),
    V.

vector(Line) ->
    [Name | Fields] = string:lexemes(Line, " \t"),
    F = maps:from_list([field(X) || X <- Fields]),
    {ok, Bin} = 'FwdTest':encode('Msg', msg(F)),
    io:format("~s ~s~n", [Name, [io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin]]).

field(KV) ->
    [K, V] = string:split(KV, "="),
    case K of
        "shapes" -> {shapes, V};
        _ -> {list_to_atom(K), list_to_integer(V)}
    end.

get(K, F) -> maps:get(K, F, absent).
get(K, F, D) -> maps:get(K, F, D).

opt(absent, _) -> asn1_NOVALUE;
opt(V, Fun) -> Fun(V).

colour(N) -> lists:nth(N + 1, [red, green, blue, black, white, grey]).

octets(N, Mul, Add) -> << <<((I * Mul + Add) band 255)>> || I <- lists:seq(0, N - 1) >>.

shape(1, _) -> {circle, 42};
shape(2, Ext) ->
    Colour = case Ext band 1 of 1 -> white; 0 -> asn1_NOVALUE end,
    {Rot, Filled} = case Ext band 2 of 2 -> {270, true}; 0 -> {asn1_NOVALUE, asn1_NOVALUE} end,
    {square, {'Square', 500, Colour, Rot, Filled}};
shape(3, _) -> {none, 'NULL'};
shape(4, _) -> {triangle, {'Triangle', 3, 4, 5}};
shape(5, _) -> {star, "star"}.

inner(Kind) ->
    {C, D} = case Kind of 2 -> {99999, grey}; 1 -> {asn1_NOVALUE, asn1_NOVALUE} end,
    {'Inner', true, 5, C, D}.

%% "a" = 1, then additions 1..N present, every other one TRUE.
wide(Rec, Count, N) ->
    list_to_tuple([Rec, 1 | [if I =< N -> I rem 2 =:= 1; true -> asn1_NOVALUE end
                             || I <- lists:seq(1, Count)]]).

many(0) -> m0;
many(1) -> m1;
many(N) -> list_to_atom("x" ++ integer_to_list(N - 1)).

big(1) -> {b0, true};
big(N) -> {list_to_atom("x" ++ integer_to_list(N - 1)), true}.

flags(N) -> << <<(case I rem 3 of 0 -> 1; _ -> 0 end):1>> || I <- lists:seq(0, N - 1) >>.

msg(F) ->
    {G1, G2} = case get(group, F) of
                   absent -> {asn1_NOVALUE, asn1_NOVALUE};
                   1 -> {6, asn1_NOVALUE};
                   2 -> {6, true}
               end,
    {'Msg',
     get(id, F, 7),
     colour(get(colour, F, 0)),
     shape(get(shape, F, 1), get(square, F, 0)),
     get(speed, F, 100),
     [{'Point', I * 10 - 20, -I} || I <- lists:seq(0, get(points, F, 2) - 1)],
     opt(get(label, F), fun(N) -> octets(N, 37, 1) end),
     opt(get(flags, F), fun flags/1),
     opt(get(name, F), fun(N) -> binary_to_list(octets(N, 1, $a)) end),
     opt(get(inner, F), fun inner/1),
     opt(get(shapes, F), fun(S) -> [shape(C - $0, 0) || C <- S] end),
     opt(get(wide, F), fun(N) -> wide('Wide', 70, N) end),
     opt(get(wide64, F), fun(N) -> wide('Wide64', 64, N) end),
     opt(get(many, F), fun many/1),
     opt(get(big, F), fun big/1),
     opt(get(extra1, F), fun(N) -> N end),
     opt(get(extra2, F), fun inner/1),
     opt(get(extra3, F), fun colour/1),
     opt(get(extra4, F), fun(N) -> octets(N, 13, 5) end),
     G1, G2}.
