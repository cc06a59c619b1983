#!/usr/bin/env escript
%% mkbugs.escript: encodes the values of bugs.txt with Erlang/OTP's asn1
%% application (UPER), an independent implementation of ITU-T X.691, and
%% prints bugs.txt again with its hex:
%%
%%   escript tests/fwdcompat/mkbugs.escript tests/fwdcompat/Bugs.asn \
%%       tests/fwdcompat/bugs.txt > bugs.new && diff tests/fwdcompat/bugs.txt bugs.new
%%
%% A named BIT STRING is given to Erlang as the list of its set bits
%% ({bit, N}), so that Erlang removes the trailing zero bits itself (OTP 25
%% fails on a bitstring value whose trailing zeros fill an octet).

-mode(compile).

main([Asn, File]) ->
    Dir = string:trim(os:cmd("mktemp -d")),
    Src = filename:join(Dir, "Bugs.asn"),
    {ok, _} = file:copy(Asn, Src),
    ok = asn1ct:compile(Src, [uper, {outdir, Dir}]),
    true = code:add_patha(Dir),
    {ok, Text} = file:read_file(File),
    [line(L) || L <- string:split(binary_to_list(Text), "\n", all), L =/= ""],
    os:cmd("rm -rf " ++ Dir),
    ok;
main(_) ->
    io:format(standard_error, "usage: mkbugs.escript Bugs.asn bugs.txt~n", []),
    halt(2).

line([$# | _] = L) -> io:format("~s~n", [L]);
line(L) ->
    [T, V | Rest] = string:lexemes(L, "\t "),
    Type = list_to_atom(T),
    {ok, Bin} = 'Bugs':encode(Type, value(T, V)),
    io:format("~s\t~s\t~s~s~n", [T, V, [io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin],
                                 [["\t", X] || X <- tl(Rest ++ [x]), X =/= x]]).

value("Semi" ++ _, V) -> list_to_integer(V);
value("Enu" ++ _, V) -> list_to_atom(V);
value("Named" ++ _, V) -> [{bit, I} || {I, $1} <- lists:zip(lists:seq(0, length(V) - 1), V)];
value("Plain" ++ _, V) -> << <<(C - $0):1>> || C <- V >>.
