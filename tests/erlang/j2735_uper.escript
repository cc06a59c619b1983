#!/usr/bin/env escript
%% -*- erlang -*-
%%
%% j2735_uper.escript: the Erlang/OTP asn1 side of tests/erlang_crosscheck.sh,
%% an independent UPER (X.691) implementation to compare asn1c's with, over
%% our SAE J2735 (2020) modules (asn1/j2735).  Open types (MessageFrame.value,
%% RegionalExtension.regExtValue, PartIIcontent.partII-Value) are OCTET
%% STRINGs in the schema; this file has its own table of which type an id
%% selects (J2735 2020 DE_DSRCmsgID, the REGION module for addGrpC,
%% DE_PartII-Id), so the second step is checked as well.
%%
%%   lint SRC-DIR             report comments a strict ASN.1 lexer (X.680
%%                            12.6) reads differently from a lenient one
%%   compile SRC-DIR OUT-DIR  the modules into module 'J2735' in OUT-DIR
%%   check OUT-DIR TYPE       for each hex line on stdin, decode TYPE,
%%                            encode again, compare; the same for every
%%                            open type inside.  Prints "OK N" (N open
%%                            types checked) or "FAIL why" per line.
%%   gen OUT-DIR TYPE N SEED  N random values of TYPE (asn1ct:value, then
%%                            stirred here), encoded, one hex line each
-mode(compile).

-define(MOD, 'J2735').

main(["lint", Src]) ->
    Bad = lists:append([lint_file(F) || F <- asn_files(Src)]),
    [io:format("~s~n", [L]) || L <- Bad],
    halt(0);
main(["compile", Src, Out]) ->
    halt(compile(Src, Out));
main(["check", Out, Type]) ->
    setup(Out),
    check_lines(list_to_atom(Type)),
    halt(0);
main(["gen", Out, Type, N, Seed]) ->
    setup(Out),
    S = list_to_integer(Seed),
    rand:seed(exsss, {S, S bxor 16#5bd1e995, 16#2545f491}),
    T = list_to_atom(Type),
    [io:format("~s~n", [hex(gen(T))]) || _ <- lists:seq(1, list_to_integer(N))],
    halt(0);
main(_) ->
    io:format(standard_error, "usage: j2735_uper.escript lint SRC | compile SRC "
        "OUT | check OUT TYPE | gen OUT TYPE N SEED~n", []),
    halt(2).

%% --- open type tables (J2735 2020) ---------------------------------------

message_type(18) -> 'MapData';
message_type(19) -> 'SPAT';
message_type(20) -> 'BasicSafetyMessage';
message_type(27) -> 'RoadSideAlert';
message_type(29) -> 'SignalRequestMessage';
message_type(30) -> 'SignalStatusMessage';
message_type(31) -> 'TravelerInformation';
message_type(32) -> 'PersonalSafetyMessage';
message_type(_) -> none.

message_ids() -> [18, 19, 20, 27, 29, 30, 31, 32].

%% Region 3 (addGrpC): the Reg-<owner> sets the J2735 2020 AddGrpC fills.
region_type('ConnectionManeuverAssist', 3) -> 'ConnectionManeuverAssist-addGrpC';
region_type('IntersectionState', 3) -> 'IntersectionState-addGrpC';
region_type('MapData', 3) -> 'MapData-addGrpC';
region_type('Position3D', 3) -> 'Position3D-addGrpC';
region_type('RestrictionUserType', 3) -> 'RestrictionUserType-addGrpC';
region_type(_, _) -> none.

partii_type(0) -> 'VehicleSafetyExtensions';
partii_type(1) -> 'SpecialVehicleExtensions';
partii_type(2) -> 'SupplementalVehicleExtensions';
partii_type(_) -> none.

%% --- schema --------------------------------------------------------------

asn_files(Src) ->
    lists:sort(filelib:wildcard(filename:join(Src, "*.asn"))).

%% X.680 12.6.3: "--" opens a comment that the next "--" or the end of the
%% line closes.  Lines where that leaves text behind which a lenient reader
%% (comment to the end of the line) drops.
lint_file(F) ->
    {ok, B} = file:read_file(F),
    Lines = string:split(binary_to_list(B), "\n", all),
    lists:append(lint_lines(filename:basename(F), Lines, 1)).

lint_lines(_, [], _) -> [];
lint_lines(F, [L | Ls], N) ->
    Strict = string:trim(strict_code(L, code)),
    Lenient = string:trim(hd(string:split(L, "--"))),
    This = if Strict =:= Lenient -> [];
              true -> [io_lib:format("~s:~b: ~s  (a strict reader sees "
                        "\"~s\" outside the comments)", [F, N, string:trim(L),
                        Strict])]
           end,
    [This | lint_lines(F, Ls, N + 1)].

strict_code([], _) -> [];
strict_code("--" ++ R, code) -> strict_code(R, comment);
strict_code("--" ++ R, comment) -> strict_code(R, code);
strict_code([C | R], code) -> [C | strict_code(R, code)];
strict_code([_ | R], comment) -> strict_code(R, comment).

%% Erlang reads the modules as one set, each in a file named after its
%% module; comments are cut at the end of the line, as asn1c reads them.
compile(Src, Out) ->
    AsnDir = filename:join(Out, "asn"),
    ok = filelib:ensure_dir(filename:join(AsnDir, "x")),
    Texts = [begin
                 {ok, B} = file:read_file(F),
                 lists:flatten([hd(string:split(L, "--")) ++ "\n" ||
                     L <- string:split(binary_to_list(B), "\n", all)])
             end || F <- asn_files(Src)],
    Ints = integer_types(Texts),
    Files = [begin
                 {match, [Name]} = re:run(Text, "([A-Za-z][-A-Za-z0-9]*)\\s+"
                     "DEFINITIONS", [{capture, all_but_first, list}]),
                 Dst = filename:join(AsnDir, Name ++ ".asn"),
                 ok = file:write_file(Dst, subtype_ranges(Text, Ints)),
                 Dst
             end || Text <- Texts],
    Set = filename:join(AsnDir, atom_to_list(?MOD) ++ ".set.asn"),
    ok = file:write_file(Set, [[F, "\n"] || F <- Files]),
    case asn1ct:compile(Set, [uper, {outdir, Out}, {i, AsnDir}]) of
        ok -> 0;
        Err -> io:format("~p~n", [Err]), 1
    end.

%% Work-around for an Erlang/OTP asn1 (5.0.21) bug: a value range on a
%% reference to a constrained INTEGER type ("Base (523..541)" with Base ::=
%% INTEGER (0..65535)) is encoded with Base's range, not with the
%% intersection X.680 and X.691 prescribe (asn1c is right).  Writing the
%% same constraint on INTEGER itself gives the effective range.
integer_types(Texts) ->
    lists:append([[N || [N] <- match_all(T, "([A-Za-z][-A-Za-z0-9]*)\\s*::="
                                        "\\s*INTEGER\\s*\\(")] || T <- Texts]).

subtype_ranges(Text, Ints) ->
    lists:foldl(fun(N, T) ->
                        Re = "(?<![-A-Za-z0-9])" ++ N ++ "(\\s*\\(\\s*-?[0-9]+"
                             "\\s*\\.\\.\\s*-?[0-9]+\\s*\\))",
                        case re:run(T, Re) of
                            {match, _} ->
                                io:format("NOTE for Erlang: ~s (lo..hi) "
                                          "written as INTEGER (lo..hi)~n", [N]),
                                re:replace(T, Re, "INTEGER\\1",
                                           [global, {return, list}]);
                            nomatch -> T
                        end
                end, Text, Ints).

match_all(T, Re) ->
    case re:run(T, Re, [global, {capture, all_but_first, list}]) of
        {match, M} -> M;
        nomatch -> []
    end.

setup(Out) ->
    true = code:add_patha(Out),
    {module, ?MOD} = code:ensure_loaded(?MOD),
    asn1_db:dbstart([Out]),
    ok = asn1_db:dbload(?MOD).

%% asn1_db is a server: keep what we asked it for.
typedef(Name) ->
    case get({typedef, Name}) of
        undefined ->
            {typedef, _, _, Name, Type} = asn1_db:dbget(?MOD, Name),
            put({typedef, Name}, Type),
            Type;
        Type ->
            Type
    end.

%% --- a walk over a value along its type ----------------------------------
%%
%% Self is the name asn1c gives the type at hand (a type reference's name,
%% else the member name); Owner the name of the SEQUENCE or CHOICE holding
%% it, passed through SEQUENCE OF as msg.c's owner is.  H(Kind, Type, Name,
%% Owner, Value) sees every leaf and every open type container.

walk_ref(Name, V, Owner, H) ->
    V1 = walk(typedef(Name), V, Name, Owner, H),
    case lists:member(Name, ['MessageFrame', 'RegionalExtension',
                             'PartIIcontent']) of
        true -> H(open, none, Name, Owner, V1);
        false -> V1
    end.

walk(Type, V, Self, Owner, H) ->
    case element(3, Type) of
        {'Externaltypereference', _, _, Name} ->
            walk_ref(Name, V, Owner, H);
        Seq when element(1, Seq) =:= 'SEQUENCE' ->
            Cs = components(element(5, Seq)),
            Fs = tl(tuple_to_list(V)),
            length(Cs) =:= length(Fs) orelse error({record_shape, Self, V}),
            list_to_tuple([element(1, V) |
                           [walk_component(C, F, Self, H) ||
                               {C, F} <- lists:zip(Cs, Fs)]]);
        {'CHOICE', Alts} ->
            {Alt, AV} = V,
            [C] = [C || C <- components(Alts), element(3, C) =:= Alt],
            {Alt, walk(element(4, C), AV, Alt, Self, H)};
        {'SEQUENCE OF', T} ->
            [walk(T, E, 'Member', Owner, H) || E <- V];
        {'SET OF', T} ->
            [walk(T, E, 'Member', Owner, H) || E <- V];
        _ ->
            H(leaf, Type, Self, Owner, V)
    end.

walk_component(C, F, Owner, H) ->
    case H(member, C, element(3, C), Owner, F) of
        asn1_NOVALUE -> asn1_NOVALUE;
        F1 -> walk(element(4, C), F1, element(3, C), Owner, H)
    end.

components({Root, Ext}) -> components(Root ++ Ext);
components({Root1, Ext, Root2}) -> components(Root1 ++ Ext ++ Root2);
components(L) -> [C || C <- L, element(1, C) =:= 'ComponentType'].

%% --- check: decode, encode again, compare --------------------------------
%%
%% A line is "HEX" or "HEX JSON", JSON being what 'v2x decode' (or 'v2x
%% random -o json') prints for the same bytes: then the values are compared
%% too, leaf by leaf, open types decoded by Erlang with its own tables, so a
%% mapping that asn1c gets wrong both ways (an enumerator, an alternative)
%% shows even where the bytes agree.

check_lines(Type) ->
    ok = io:setopts(standard_io, [binary]),
    check_lines1(Type).

check_lines1(Type) ->
    case io:get_line("") of
        eof -> ok;
        Line ->
            {Hex, Json} = case binary:split(string:trim(Line), <<" ">>) of
                              [H] -> {H, none};
                              [H, J] -> {H, J}
                          end,
            R = try check_one(Type, binary:decode_hex(Hex), Json)
                catch throw:Why -> {fail, Why};
                      C:E:S -> {fail, io_lib:format("~p:~p ~P", [C, E, S, 8])}
                end,
            case R of
                {ok, N} -> io:format("OK ~b~n", [N]);
                {fail, W} -> io:format("FAIL ~s~n", [oneline(W)])
            end,
            check_lines1(Type)
    end.

check_one(Type, Bin, Json) ->
    put(inner, 0),
    V = roundtrip(Type, Bin, "top"),
    case Json of
        none -> ok;
        _ ->
            J0 = json(Json),
            J = case J0 of
                    #{<<"pdu">> := _, <<"value">> := JV} -> JV;
                    _ -> J0
                end,
            cmp_ref(Type, V, J, atom_to_list(Type), Type)
    end,
    {ok, get(inner)}.

%% Decode Bin as Type, check the open types inside, encode, compare.
roundtrip(Type, Bin, Where) ->
    V = decode(Type, Bin, Where),
    V1 = walk_ref(Type, V, Type, fun check_open/5),
    case ?MOD:encode(Type, V1) of
        {ok, Bin} -> V;
        {ok, Other} -> throw(io_lib:format("~s ~s: asn1c ~s, Erlang ~s (value "
                             "~P)", [Where, Type, hex(Bin), hex(Other), V1, 40]));
        {error, E2} -> throw(io_lib:format("~s ~s: Erlang cannot encode its "
                             "decoding of ~s: ~P", [Where, Type, hex(Bin), E2, 8]))
    end.

decode(Type, Bin, Where) ->
    case ?MOD:decode(Type, Bin) of
        {ok, V} -> V;
        {error, E} -> throw(io_lib:format("~s ~s: Erlang cannot decode ~s: ~P",
                                          [Where, Type, hex(Bin), E, 6]))
    end.

check_open(open, _, Name, Owner, V) ->
    {_, Id, Octets} = V,
    case inner_type(Name, Owner, Id) of
        none -> ok;
        T ->
            put(inner, get(inner) + 1),
            roundtrip(T, Octets, io_lib:format("~s ~b (in ~s)", [Name, Id,
                                                                Owner]))
    end,
    V;
check_open(_, _, _, _, V) ->
    V.

inner_type('MessageFrame', _, Id) -> message_type(Id);
inner_type('RegionalExtension', Owner, Id) -> region_type(Owner, Id);
inner_type('PartIIcontent', _, Id) -> partii_type(Id).

%% Compare Erlang's value V with the JSON J of asn1c's, along the type.
cmp_ref(Name, V, J, Path, Owner) ->
    case lists:member(Name, ['MessageFrame', 'RegionalExtension',
                             'PartIIcontent']) of
        true -> cmp_open(Name, V, J, Path, Owner);
        false -> cmp(typedef(Name), V, J, Path, Name, Owner)
    end.

cmp(Type, V, J, Path, Self, Owner) ->
    case element(3, Type) of
        {'Externaltypereference', _, _, Name} ->
            cmp_ref(Name, V, J, Path, Owner);
        Seq when element(1, Seq) =:= 'SEQUENCE' ->
            is_map(J) orelse differ(Path, V, J),
            Cs = components(element(5, Seq)),
            Fs = tl(tuple_to_list(V)),
            Names = [atom_to_binary(element(3, C)) || C <- Cs],
            [differ(Path ++ "." ++ binary_to_list(K), absent, maps:get(K, J))
             || K <- maps:keys(J), not lists:member(K, Names)],
            [case {F, maps:find(atom_to_binary(element(3, C)), J)} of
                 {asn1_NOVALUE, error} -> ok;
                 {_, {ok, JF}} when F =/= asn1_NOVALUE ->
                     cmp(element(4, C), F, JF,
                         Path ++ "." ++ atom_to_list(element(3, C)),
                         element(3, C), Self);
                 {_, JF} ->
                     differ(Path ++ "." ++ atom_to_list(element(3, C)), F, JF)
             end || {C, F} <- lists:zip(Cs, Fs)],
            ok;
        {'CHOICE', Alts} ->
            {Alt, AV} = V,
            case J of
                #{} when map_size(J) =:= 1 -> ok;
                _ -> differ(Path, V, J)
            end,
            [{JAlt, JV}] = maps:to_list(J),
            JAlt =:= atom_to_binary(Alt) orelse differ(Path, Alt, JAlt),
            [C] = [C || C <- components(Alts), element(3, C) =:= Alt],
            cmp(element(4, C), AV, JV, Path ++ "." ++ atom_to_list(Alt), Alt,
                Self);
        {Of, T} when Of =:= 'SEQUENCE OF'; Of =:= 'SET OF' ->
            (is_list(J) andalso length(J) =:= length(V)) orelse
                differ(Path, V, J),
            [cmp(T, E, JE, Path ++ "[" ++ integer_to_list(I) ++ "]",
                 'Member', Owner)
             || {I, E, JE} <- lists:zip3(lists:seq(0, length(V) - 1), V, J)],
            ok;
        Def ->
            cmp_leaf(Def, element(4, Type), V, J) orelse differ(Path, V, J)
    end.

cmp_leaf('INTEGER', _, V, J) -> V =:= J;
cmp_leaf({'INTEGER', _}, _, V, J) -> V =:= J;
cmp_leaf('BOOLEAN', _, V, J) -> V =:= J;
cmp_leaf('NULL', _, _, J) -> J =:= null;
cmp_leaf(E, _, V, J) when element(1, E) =:= 'ENUMERATED' ->
    is_binary(J) andalso atom_to_binary(V) =:= J;
cmp_leaf('OCTET STRING', _, V, J) ->
    is_binary(J) andalso string:lowercase(J) =:= list_to_binary(hex(V));
cmp_leaf({'BIT STRING', Named}, _, V, J) ->
    {Hex, Len} = case J of
                     #{<<"value">> := H, <<"length">> := L} -> {H, L};
                     H when is_binary(H) -> {H, byte_size(H) * 4}
                 end,
    Bytes = binary:decode_hex(Hex),
    <<Ours:Len/bitstring, _/bitstring>> = Bytes,
    case V of
        _ when is_bitstring(V) ->
            V =:= Ours;
        _ when is_list(V) ->	% named bits set; the length is the type's
            Set = lists:sort([case X of {bit, N} -> N;
                                  _ -> element(2, lists:keyfind(X, 1, Named))
                              end || X <- V]),
            Set =:= [I || {I, 1} <- lists:zip(lists:seq(0, Len - 1),
                                               [B || <<B:1>> <= Ours])]
    end;
cmp_leaf(S, _, V, J) when S =:= 'IA5String'; S =:= 'VisibleString';
                          S =:= 'PrintableString'; S =:= 'NumericString';
                          S =:= 'UTF8String' ->
    is_binary(J) andalso unicode:characters_to_binary(V) =:= J;
cmp_leaf(_, _, _, _) ->
    false.

%% An open type: the id as any member, the octets as the JSON of the value
%% asn1c decoded them to, or as hex with an "unknown" note.
cmp_open(Name, {_, Id, Octets} = V, J, Path, Owner) ->
    [IdName, ValName] = [atom_to_binary(element(3, C)) ||
                            C <- components(element(5, element(3,
                                                typedef(Name))))],
    Keys = lists:sort(maps:keys(J)),
    Keys -- [<<"unknown">>] =:= lists:sort([IdName, ValName]) orelse
        differ(Path, V, J),
    maps:get(IdName, J) =:= Id orelse differ(Path ++ "." ++
                                             binary_to_list(IdName), Id, J),
    JV = maps:get(ValName, J),
    VPath = Path ++ "." ++ binary_to_list(ValName),
    case {inner_type(Name, Owner, Id), maps:is_key(<<"unknown">>, J)} of
        {none, true} ->
            cmp_leaf('OCTET STRING', [], Octets, JV) orelse
                differ(VPath, Octets, JV);
        {none, false} ->
            throw(io_lib:format("~s: asn1c decoded ~s id ~b (in ~s), which "
                                "has no type in Erlang's table", [VPath, Name,
                                Id, Owner]));
        {T, true} ->
            %% asn1c kept the octets: right only if they do not decode.
            case catch ?MOD:decode(T, Octets) of
                {ok, _} -> throw(io_lib:format("~s: asn1c did not decode ~s "
                                 "id ~b (in ~s) as ~s: ~s", [VPath, Name, Id,
                                 Owner, T, maps:get(<<"unknown">>, J)]));
                _ -> ok
            end;
        {T, false} ->
            cmp_ref(T, decode(T, Octets, VPath), JV, VPath, T)
    end.

differ(Path, V, J) ->
    throw(io_lib:format("~s: Erlang has ~P, asn1c's JSON ~P", [Path, V, 12,
                                                               J, 12])).

%% A small JSON reader: objects to maps with binary keys, arrays to lists,
%% strings to UTF-8 binaries, numbers to integers (floats as floats).
json(B) ->
    {V, Rest} = json_value(skip_ws(B)),
    <<>> = skip_ws(Rest),
    V.

skip_ws(<<C, R/binary>>) when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r ->
    skip_ws(R);
skip_ws(B) -> B.

json_value(<<${, R/binary>>) -> json_object(skip_ws(R), #{});
json_value(<<$[, R/binary>>) -> json_array(skip_ws(R), []);
json_value(<<$", R/binary>>) -> json_string(R, []);
json_value(<<"true", R/binary>>) -> {true, R};
json_value(<<"false", R/binary>>) -> {false, R};
json_value(<<"null", R/binary>>) -> {null, R};
json_value(B) ->
    json_number(B, []).

json_number(<<C, R/binary>>, Acc) when C >= $0, C =< $9; C =:= $-; C =:= $+;
                                      C =:= $.; C =:= $e; C =:= $E ->
    json_number(R, [C | Acc]);
json_number(R, Acc) ->
    N = lists:reverse(Acc),
    V = try list_to_integer(N) catch _:_ -> list_to_float(N) end,
    {V, R}.

json_object(<<$}, R/binary>>, M) -> {M, R};
json_object(B, M) ->
    {K, R1} = json_value(B),
    <<$:, R2/binary>> = skip_ws(R1),
    {V, R3} = json_value(skip_ws(R2)),
    case skip_ws(R3) of
        <<$,, R4/binary>> -> json_object(skip_ws(R4), M#{K => V});
        <<$}, R4/binary>> -> {M#{K => V}, R4}
    end.

json_array(<<$], R/binary>>, L) -> {lists:reverse(L), R};
json_array(B, L) ->
    {V, R1} = json_value(B),
    case skip_ws(R1) of
        <<$,, R2/binary>> -> json_array(skip_ws(R2), [V | L]);
        <<$], R2/binary>> -> {lists:reverse([V | L]), R2}
    end.

json_string(<<$", R/binary>>, Acc) ->
    {unicode:characters_to_binary(lists:reverse(Acc)), R};
json_string(<<$\\, $u, H:4/binary, R/binary>>, Acc) ->
    json_string(R, [binary_to_integer(H, 16) | Acc]);
json_string(<<$\\, C, R/binary>>, Acc) ->
    E = case C of $n -> $\n; $t -> $\t; $r -> $\r; $b -> $\b; $f -> $\f;
                  _ -> C end,
    json_string(R, [E | Acc]);
json_string(<<C/utf8, R/binary>>, Acc) ->
    json_string(R, [C | Acc]).

%% --- gen: Erlang's own random values -------------------------------------

%% asn1ct:value gives every OPTIONAL member, BOOLEAN true, strings cut from
%% their type name, one named bit: stir that, and fill the open types with
%% a value of the type their id selects.
%% asn1ct:value/2 runs in a process of its own, where our seed does not
%% hold: call its generator here.
gen(Type) ->
    V = asn1ct_value:from_type(?MOD, Type),
    V1 = walk_ref(Type, V, Type, fun stir/5),
    {ok, B} = ?MOD:encode(Type, V1),
    B.

stir(member, C, _, _, V) ->
    case element(5, C) =:= 'OPTIONAL' andalso rand:uniform(2) =:= 1 of
        true -> asn1_NOVALUE;
        false -> V
    end;
stir(leaf, Type, _, _, V) ->
    stir_leaf(element(3, Type), element(4, Type), V);
stir(open, _, 'MessageFrame', _, {R, _, _}) ->
    Id = pick(message_ids()),
    {R, Id, gen(message_type(Id))};
stir(open, _, 'RegionalExtension', Owner, {R, Id, Octets}) ->
    case {region_type(Owner, 3), rand:uniform(10)} of
        {none, _} -> {R, Id, Octets};
        {T, N} when N > 1 -> {R, 3, gen(T)};
        _ -> {R, pick(lists:seq(0, 2) ++ lists:seq(4, 255)), Octets}
    end;
stir(open, _, 'PartIIcontent', _, {R, _, Octets}) ->
    case rand:uniform(10) of
        1 -> {R, 2 + rand:uniform(61), Octets};
        _ -> Id = rand:uniform(3) - 1, {R, Id, gen(partii_type(Id))}
    end.

stir_leaf('BOOLEAN', _, _) ->
    rand:uniform(2) =:= 1;
stir_leaf('INTEGER', Constraint, V) ->
    case {lists:keyfind('ValueRange', 1, Constraint), rand:uniform(8)} of
        {{_, {Lb, _}}, 1} when is_integer(Lb) -> Lb;
        {{_, {_, Ub}}, 2} when is_integer(Ub) -> Ub;
        _ -> V
    end;
stir_leaf({'ENUMERATED', _} = E, _, V) ->
    stir_enum(E, V);
stir_leaf({'ENUMERATED', _, _} = E, _, V) ->
    stir_enum(E, V);
stir_leaf('OCTET STRING', _, V) ->
    rand:bytes(byte_size(V));
stir_leaf('IA5String', _, V) ->
    %% Any of the 128 characters now and then, printable mostly.
    Any = rand:uniform(10) =:= 1,
    [case Any of true -> rand:uniform(128) - 1;
                 false -> 31 + rand:uniform(95) end || _ <- V];
stir_leaf({'BIT STRING', Named}, _, V) when Named =/= [], is_list(V) ->
    [N || {N, _} <- Named, rand:uniform(2) =:= 1];
stir_leaf(_, _, V) ->
    V.

%% Root enumerators only: an extension one is no test of what a 2020
%% decoder reads (and asn1c 0.9.28 fails on unknown ones).
stir_enum(E, _) ->
    Root = case element(tuple_size(E), E) of
               {R, _Ext} -> R;
               L -> L
           end,
    element(1, pick([X || X <- Root, is_tuple(X)])).

pick(L) -> lists:nth(rand:uniform(length(L)), L).

%% --- helpers -------------------------------------------------------------

hex(B) -> string:lowercase(binary_to_list(binary:encode_hex(B))).

oneline(S) -> re:replace(lists:flatten(S), "\\s+", " ", [global, {return, list}]).
