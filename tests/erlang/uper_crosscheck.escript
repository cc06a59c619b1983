#!/usr/bin/env escript
%% -*- erlang -*-
%%
%% uper_crosscheck.escript: the Erlang/OTP asn1 side of
%% tests/erlang_crosscheck.sh, an independent UPER (X.691) implementation to
%% compare asn1c's with, over our modules of a family: j2735 (SAE J2735
%% 2020, asn1/j2735) or etsi (ETSI ITS, asn1/etsi).  Open types are OCTET
%% STRINGs in our schemas; this file has its own tables of the type an id
%% selects (J2735 2020 DE_DSRCmsgID, its REGION module for addGrpC,
%% DE_PartII-Id; ISO TS 19091 as ETSI TS 103 301 v2.1.1 uses it for addGrpC;
%% the CpmContainers object set of ETSI TS 103 324 v2.1.1),
%% so the second step is checked too.
%%
%%   lint SRC-DIR                    comments a strict ASN.1 lexer (X.680
%%                                   12.6.3) reads otherwise than asn1c
%%   compile FAMILY SRC-DIR OUT-DIR  the modules into one Erlang module
%%                                   ('J2735' or 'ETSI') in OUT-DIR
%%   check FAMILY OUT-DIR            per line "TYPE HEX [JSON]" on stdin:
%%                                   decode, encode again, compare, also
%%                                   every open type inside; with JSON (what
%%                                   'v2x decode' prints for HEX) compare the
%%                                   values leaf by leaf.  Prints "TYPE OK N"
%%                                   (N open types checked), "TYPE BYTES N"
%%                                   (JSON not given for a type our JSON
%%                                   lacks) or "TYPE FAIL why" per line.
%%   gen FAMILY OUT-DIR N SEED TYPE...
%%                                   N random values of each TYPE (asn1ct's
%%                                   generator, then stirred here), encoded:
%%                                   lines "TYPE HEX"
-mode(compile).

main(["lint", Src]) ->
    Bad = lists:append([lint_file(F) || F <- asn_files(Src)]),
    [io:format("~s~n", [L]) || L <- Bad],
    halt(0);
main(["compile", Fam, Src, Out]) ->
    family(Fam),
    halt(compile(Src, Out));
main(["check", Fam, Out]) ->
    family(Fam),
    setup(Out),
    check_lines(),
    halt(0);
main(["gen", Fam, Out, N, Seed | Types]) ->
    family(Fam),
    setup(Out),
    S = list_to_integer(Seed),
    rand:seed(exsss, {S, S bxor 16#5bd1e995, 16#2545f491}),
    [io:format("~s ~s~n", [T, hex(gen_bounded(list_to_atom(T)))]) ||
        T <- Types, _ <- lists:seq(1, list_to_integer(N))],
    halt(0);
main(_) ->
    io:format(standard_error, "usage: uper_crosscheck.escript lint SRC | "
              "compile FAMILY SRC OUT | check FAMILY OUT TYPE | "
              "gen FAMILY OUT TYPE N SEED~n", []),
    halt(2).

family("j2735") -> put(family, j2735), put(mod, 'J2735');
family("etsi") -> put(family, etsi), put(mod, 'ETSI').

mod() -> get(mod).

%% --- open type tables ----------------------------------------------------

%% The types that hold an open type: id member, octets member.
open_kinds(j2735) -> ['MessageFrame', 'RegionalExtension', 'BSMpartIIExtension'];
open_kinds(etsi) -> ['RegionalExtension', 'WrappedCpmContainer'].

%% J2735 2020 DE_DSRCmsgID.
message_type(18) -> 'MapData';
message_type(19) -> 'SPAT';
message_type(20) -> 'BasicSafetyMessage';
message_type(25) -> 'ProbeDataManagement';
message_type(26) -> 'ProbeVehicleData';
message_type(27) -> 'RoadSideAlert';
message_type(29) -> 'SignalRequestMessage';
message_type(30) -> 'SignalStatusMessage';
message_type(31) -> 'TravelerInformation';
message_type(32) -> 'PersonalSafetyMessage';
message_type(_) -> none.

message_ids() -> [18, 19, 20, 25, 26, 27, 29, 30, 31, 32].

%% Region 3 (addGrpC): the Reg-<owner> sets AddGrpC fills.  J2735 2020: its
%% REGION module; ETSI: ISO TS 19091 (DSRC, AddGrpC) as TS 103 301 v2.1.1
%% uses it.
region_type(j2735, 'ConnectionManeuverAssist') -> 'ConnectionManeuverAssist-addGrpC';
region_type(j2735, 'IntersectionState') -> 'IntersectionState-addGrpC';
region_type(j2735, 'MapData') -> 'MapData-addGrpC';
region_type(j2735, 'Position3D') -> 'Position3D-addGrpC';
region_type(j2735, 'RestrictionUserType') -> 'RestrictionUserType-addGrpC';
region_type(etsi, 'ConnectionManeuverAssist') -> 'ConnectionManeuverAssist-addGrpC';
region_type(etsi, 'GenericLane') -> 'ConnectionTrajectory-addGrpC';
region_type(etsi, 'IntersectionState') -> 'IntersectionState-addGrpC';
region_type(etsi, 'LaneAttributes') -> 'LaneAttributes-addGrpC';
region_type(etsi, 'MapData') -> 'MapData-addGrpC';
region_type(etsi, 'MovementEvent') -> 'MovementEvent-addGrpC';
region_type(etsi, 'NodeAttributeSetXY') -> 'NodeAttributeSet-addGrpC';
region_type(etsi, 'Position3D') -> 'Position3D-addGrpC';
region_type(etsi, 'RequestorDescription') -> 'RequestorDescription-addGrpC';
region_type(etsi, 'RestrictionUserType') -> 'RestrictionUserType-addGrpC';
region_type(etsi, 'SignalStatusPackage') -> 'SignalStatusPackage-addGrpC';
region_type(_, _) -> none.

%% J2735 2020 DE_PartII-Id.
partii_type(0) -> 'VehicleSafetyExtensions';
partii_type(1) -> 'SpecialVehicleExtensions';
partii_type(2) -> 'SupplementalVehicleExtensions';
partii_type(_) -> none.

inner_type('MessageFrame', _, Id) -> message_type(Id);
inner_type('RegionalExtension', Owner, 3) -> region_type(get(family), Owner);
inner_type('RegionalExtension', _, _) -> none;
inner_type('BSMpartIIExtension', _, Id) -> partii_type(Id);
inner_type('WrappedCpmContainer', _, Id) -> cpm_container_type(Id).

%% ETSI TS 103 324 v2.1.1 A.2, object set CpmContainers by containerId.
cpm_container_type(1) -> 'OriginatingVehicleContainer';
cpm_container_type(2) -> 'OriginatingRsuContainer';
cpm_container_type(3) -> 'SensorInformationContainer';
cpm_container_type(4) -> 'PerceptionRegionContainer';
cpm_container_type(5) -> 'PerceivedObjectContainer';
cpm_container_type(_) -> none.

%% --- schema --------------------------------------------------------------

asn_files(Src) ->
    lists:sort(filelib:wildcard(filename:join(Src, "*.asn"))).

%% X.680 12.6.3: "--" opens a comment that the next "--" or the end of the
%% line closes.  Lines where that leaves text behind which asn1c, reading a
%% comment to the end of the line, drops.
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
                 {match, [Name]} = re:run(Text, "([A-Za-z][-A-Za-z0-9]*)\\s*"
                     "({[^}]*})?\\s*DEFINITIONS",
                     [{capture, [1], list}]),
                 Dst = filename:join(AsnDir, Name ++ ".asn"),
                 ok = file:write_file(Dst, size_ext(subtype_ranges(Text,
                                                                   Ints))),
                 Dst
             end || Text <- Texts],
    Set = filename:join(AsnDir, atom_to_list(mod()) ++ ".set.asn"),
    ok = file:write_file(Set, [[F, "\n"] || F <- Files]),
    case asn1ct:compile(Set, [uper, {outdir, Out}, {i, AsnDir}]) of
        ok -> 0;
        Err -> io:format("~p~n", [Err]), 1
    end.

%% Work-arounds for two bugs of Erlang/OTP asn1 (5.0.21), where asn1c 0.9.28
%% and OSS agree with X.691 and Erlang does not:
%% 1. A value constraint on a reference to a constrained INTEGER type
%%    ("ITIScodes (523..541)" with ITIScodes ::= INTEGER (0..65535)) is
%%    encoded with the referenced type's range, not the intersection.  The
%%    same constraint on INTEGER itself gives the effective range.
%% 2. "SEQUENCE (SIZE(1..8), ...) OF": the extensible constraint whose root
%%    is a size constraint is taken as no size constraint at all (length
%%    determinant); "(SIZE(1..8, ...))" is the same effective constraint.
integer_types(Texts) ->
    lists:append([[N || [N] <- match_all(T, "([A-Za-z][-A-Za-z0-9]*)\\s*::="
                                        "\\s*INTEGER\\s*({[^}]*})?\\s*\\(",
                                        [1])] || T <- Texts]).

subtype_ranges(Text, Ints) ->
    Range = "\\s*-?[0-9]+(\\s*\\.\\.\\s*-?[0-9]+)?\\s*",
    lists:foldl(fun(N, T) ->
                        Re = "(?<![-A-Za-z0-9])" ++ N ++ "(\\s*\\(" ++ Range ++
                             "(\\|" ++ Range ++ ")*(,\\s*\\.\\.\\.\\s*)?\\))",
                        case re:run(T, Re) of
                            {match, _} ->
                                io:format("NOTE for Erlang: ~s (range) written "
                                          "as INTEGER (range)~n", [N]),
                                re:replace(T, Re, "INTEGER\\1",
                                           [global, {return, list}]);
                            nomatch -> T
                        end
                end, Text, Ints).

size_ext(Text) ->
    Re = "\\(\\s*SIZE\\s*\\(([^()]*)\\)\\s*,\\s*\\.\\.\\.\\s*\\)",
    case re:run(Text, Re) of
        {match, _} ->
            io:format("NOTE for Erlang: (SIZE(range), ...) written as "
                      "(SIZE(range, ...))~n"),
            re:replace(Text, Re, "(SIZE(\\1, ...))", [global, {return, list}]);
        nomatch ->
            Text
    end.

match_all(T, Re, Groups) ->
    case re:run(T, Re, [global, {capture, Groups, list}]) of
        {match, M} -> M;
        nomatch -> []
    end.

setup(Out) ->
    true = code:add_patha(Out),
    {module, _} = code:ensure_loaded(mod()),
    asn1_db:dbstart([Out]),
    ok = asn1_db:dbload(mod()).

%% asn1_db is a server: keep what we asked it for.
typedef(Name) ->
    case get({typedef, Name}) of
        undefined ->
            {typedef, _, _, Name, Type} = asn1_db:dbget(mod(), Name),
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
%% Owner, Value) sees every member, every leaf and every open type holder.

is_open(Name) -> lists:member(Name, open_kinds(get(family))).

walk_ref(Name, V, Owner, H) ->
    V1 = walk(typedef(Name), V, Name, Owner, H),
    case is_open(Name) of
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

check_lines() ->
    %% UTF-8 in, as our JSON is: with latin1, standard_io's default, every
    %% non-ASCII octet would come back as a character of its own.
    ok = io:setopts(standard_io, [binary, {encoding, unicode}]),
    check_lines1().

check_lines1() ->
    case io:get_line("") of
        eof -> ok;
        Line ->
            [T, Rest] = binary:split(string:trim(Line), <<" ">>),
            {Hex, Json} = case binary:split(Rest, <<" ">>) of
                              [H] -> {H, none};
                              [H, J] -> {H, J}
                          end,
            R = try check_one(binary_to_atom(T), binary:decode_hex(Hex), Json)
                catch throw:Why -> {fail, Why};
                      C:E:S -> {fail, io_lib:format("~p:~p ~P", [C, E, S, 8])}
                end,
            case R of
                {ok, N} -> io:format("~s OK ~b~n", [T, N]);
                {bytes, N} -> io:format("~s BYTES ~b~n", [T, N]);
                {fail, W} -> io:format("~s FAIL ~s~n", [T, oneline(W)])
            end,
            check_lines1()
    end.

check_one(Type, Bin, Json) ->
    put(inner, 0),
    V = roundtrip(Type, Bin, "top"),
    case Json of
        none ->
            {ok, get(inner)};
        _ ->
            case json(Json) of
                #{<<"pdu">> := _, <<"value">> := J} ->
                    cmp_ref(Type, V, J, atom_to_list(Type), Type),
                    {ok, get(inner)};
                #{<<"error">> := E, <<"detail">> := D} ->
                    case binary:match(D, <<"not supported in JSON">>) of
                        nomatch -> throw(io_lib:format("asn1c: ~s: ~s",
                                                       [E, D]));
                        _ -> {bytes, get(inner)}
                    end;
                J ->
                    cmp_ref(Type, V, J, atom_to_list(Type), Type),
                    {ok, get(inner)}
            end
    end.

%% Decode Bin as Type, check the open types inside, encode, compare.
roundtrip(Type, Bin, Where) ->
    V = decode(Type, Bin, Where),
    V1 = walk_ref(Type, V, Type, fun check_open/5),
    case (mod()):encode(Type, V1) of
        {ok, Bin} -> V;
        {ok, Other} -> throw(io_lib:format("~s ~s: asn1c ~s, Erlang ~s (value "
                             "~P)", [Where, Type, hex(Bin), hex(Other), V1, 40]));
        {error, E2} -> throw(io_lib:format("~s ~s: Erlang cannot encode its "
                             "decoding of ~s: ~P", [Where, Type, hex(Bin), E2, 8]))
    end.

decode(Type, Bin, Where) ->
    case (mod()):decode(Type, Bin) of
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

%% Compare Erlang's value V with the JSON J of asn1c's, along the type.
cmp_ref(Name, V, J, Path, Owner) ->
    case is_open(Name) of
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
            Names = seq_names(Cs),
            [differ(Path ++ "." ++ binary_to_list(K), absent, maps:get(K, J))
             || K <- maps:keys(J), not lists:member(K, Names)],
            cmp_members(Cs, V, J, Path, Self);
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

%% An extension addition group stand-in of our modules, "extN SEQUENCE
%% {...}" (asn1/SKELETONS.md): our JSON puts its components in the
%% enclosing object, as X.697 does a group's (codecs/asn/jer_out.c).
is_group(C) ->
    T = element(3, element(4, C)),
    N = atom_to_list(element(3, C)),
    is_tuple(T) andalso element(1, T) =:= 'SEQUENCE' andalso
        lists:prefix("ext", N) andalso length(N) > 3 andalso
        lists:all(fun(Ch) -> Ch >= $0 andalso Ch =< $9 end,
                  lists:nthtail(3, N)).

group_components(C) ->
    components(element(5, element(3, element(4, C)))).

%% The keys a SEQUENCE's object may have: its components' names, a group's
%% components' instead of the group's.
seq_names(Cs) ->
    lists:append([case is_group(C) of
                      true -> seq_names(group_components(C));
                      false -> [atom_to_binary(element(3, C))]
                  end || C <- Cs]).

%% The fields of record V against object J; a group's fields against J
%% itself (an absent group: none of its keys there).
cmp_members(Cs, V, J, Path, Self) ->
    Fs = tl(tuple_to_list(V)),
    [case {is_group(C), F} of
         {true, asn1_NOVALUE} ->
             [differ(Path ++ "." ++ binary_to_list(K), absent, maps:get(K, J))
              || K <- seq_names(group_components(C)), maps:is_key(K, J)];
         {true, _} ->
             cmp_members(group_components(C), F, J, Path, Self);
         _ ->
             case {F, maps:find(atom_to_binary(element(3, C)), J)} of
                 {asn1_NOVALUE, error} -> ok;
                 {_, {ok, JF}} when F =/= asn1_NOVALUE ->
                     cmp(element(4, C), F, JF,
                         Path ++ "." ++ atom_to_list(element(3, C)),
                         element(3, C), Self);
                 {_, JF} ->
                     differ(Path ++ "." ++ atom_to_list(element(3, C)), F, JF)
             end
     end || {C, F} <- lists:zip(Cs, Fs)],
    ok.

cmp_leaf('INTEGER', _, V, J) -> V =:= J;
cmp_leaf({'INTEGER', Named}, _, V, J) when is_atom(V) ->	% a named number
    lists:keyfind(V, 1, Named) =:= {V, J};
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
        _ when is_bitstring(V), bit_size(V) =< Len ->
            %% Fixed size: our hex is whole octets, the rest zero.
            Pad = Len - bit_size(V),
            Ours =:= <<V/bitstring, 0:Pad>>;
        _ when is_bitstring(V) ->
            false;
        _ when is_list(V) ->	% named bits set; the length is the type's
            Set = lists:sort([case X of {bit, N} -> N;
                                  _ -> element(2, lists:keyfind(X, 1, Named))
                              end || X <- V]),
            Set =:= [I || {I, 1} <- lists:zip(lists:seq(0, Len - 1),
                                               [B || <<B:1>> <= Ours])]
    end;
%% Erlang's asn1 gives a UTF8String as its UTF-8 octets (a binary, or a
%% list of octets): compare octets, not characters.  (Our JSON lines are
%% read as UTF-8, see check_lines(): standard_io's default encoding, latin1,
%% turned each non-ASCII octet into a character of its own.)
cmp_leaf('UTF8String', _, V, J) when is_binary(V); is_list(V) ->
    O = try iolist_to_binary(V)
        catch _:_ -> unicode:characters_to_binary(V) end,
    is_binary(J) andalso O =:= J;
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
            case catch (mod()):decode(T, Octets) of
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
%%
%% asn1ct's generator has no bound on size: nested lists multiply, and
%% open types nest (an ETSI AddGrpC type holds frames with regional
%% extensions of their own), so each value is made in a process of its own
%% with a heap limit and a time limit, and one that outgrows them is
%% replaced by another.
gen_bounded(Type) ->
    gen_bounded(Type, 20).

gen_bounded(Type, 0) ->
    error({too_large, Type});
gen_bounded(Type, Tries) ->
    Seed = rand:uniform(1 bsl 40),
    Env = [{K, get(K)} || K <- [asn1_db, family, mod]],
    Parent = self(),
    {Pid, Ref} = spawn_opt(fun() ->
                                   [put(K, V) || {K, V} <- Env],
                                   rand:seed(exsss, {Seed, 7, 11}),
                                   Parent ! {self(), gen(Type)}
                           end,
                           [monitor, {max_heap_size, #{size => 300000,
                                                       kill => true,
                                                       error_logger => false}}]),
    receive
        {Pid, B} ->
            erlang:demonitor(Ref, [flush]),
            B;
        {'DOWN', Ref, process, Pid, _} ->
            gen_bounded(Type, Tries - 1)
    after 10000 ->
            %% Now and then a child neither finishes nor outgrows its heap
            %% (nor, for a while, takes signals): leave it, take another.
            exit(Pid, kill),
            erlang:demonitor(Ref, [flush]),
            gen_bounded(Type, Tries - 1)
    end.

gen(Type) ->
    put(open_depth, get_default(open_depth, 0) + 1),
    V = asn1ct_value:from_type(mod(), Type),
    V1 = walk_ref(Type, V, Type, fun stir/5),
    V2 = walk_ref(Type, V1, Type, fun drop_empty_group/5),
    {ok, B} = (mod()):encode(Type, V2),
    put(open_depth, get(open_depth) - 1),
    B.

get_default(K, D) ->
    case get(K) of
        undefined -> D;
        V -> V
    end.

%% Open types inside open types: a few levels, then opaque octets.
deep() -> get_default(open_depth, 0) > 3.

%% A group with no component present is absent (X.691 19.9): what an
%% encoder of the standard's [[ ]] sends, which our stand-in must match.
drop_empty_group(member, C, _, _, V) when is_tuple(V) ->
    case is_group(C) andalso
        lists:all(fun(F) -> F =:= asn1_NOVALUE end, tl(tuple_to_list(V))) of
        true -> asn1_NOVALUE;
        false -> V
    end;
drop_empty_group(_, _, _, _, V) ->
    V.

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
    case region_type(get(family), Owner) of
        none ->
            {R, Id, Octets};
        T ->
            case deep() orelse rand:uniform(10) =:= 1 of
                true -> {R, pick(lists:seq(0, 2) ++ lists:seq(4, 255)), Octets};
                false -> {R, 3, gen(T)}
            end
    end;
stir(open, _, 'BSMpartIIExtension', _, {R, _, Octets}) ->
    case rand:uniform(10) of
        1 -> {R, 2 + rand:uniform(61), Octets};
        _ -> Id = rand:uniform(3) - 1, {R, Id, gen(partii_type(Id))}
    end;
stir(open, _, 'WrappedCpmContainer', _, {R, _, Octets}) ->
    case deep() orelse rand:uniform(10) =:= 1 of
        true -> {R, 5 + rand:uniform(11), Octets};
        false -> Id = rand:uniform(5), {R, Id, gen(cpm_container_type(Id))}
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
stir_leaf('UTF8String', Constraint, _) ->
    %% asn1ct's UTF8String ignores the size (not PER-visible, but checked
    %% by both sides): characters of one to four octets, within the size.
    {Lb, Ub} = case lists:keyfind('SizeConstraint', 1, Constraint) of
                   {_, {{L, U}, _}} -> {L, U};
                   {_, {L, U}} -> {L, U};
                   {_, N} when is_integer(N) -> {N, N};
                   false -> {1, 12}
               end,
    Len = Lb + rand:uniform(min(Ub, Lb + 12) - Lb + 1) - 1,
    unicode:characters_to_binary(
      [case rand:uniform(8) of
           1 -> 16#a0 + rand:uniform(16#2ff);		% 2 octets
           2 -> 16#4e00 + rand:uniform(16#5000);		% 3 octets
           3 -> 16#1f300 + rand:uniform(16#200);	% 4 octets
           _ -> 31 + rand:uniform(95)
       end || _ <- lists:seq(1, Len)]);
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
