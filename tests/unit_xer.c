/*
 * unit_xer.c: unit tests of XER out and in (codecs/xer_out.c, xer_in.c):
 * the printer's exact text on small values, reading it back to the same
 * UPER, open types, lenient forms, malformed XML and wrong shapes, and the
 * document splitter.  Prints PASS/FAIL lines.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "codec.h"
#include "jer.h"
#include "msg.h"
#include "reason.h"
#include "xer.h"

static struct asn_TYPE_descriptor_s *
type(const char *name)
{
	struct asn_TYPE_descriptor_s *td = msg_type_find(name, FAMILY_J2735,
	    NULL);

	if (td == NULL) {
		check_fail("setup: no type %s", name);
		exit(1);
	}
	return td;
}

/* UPER hex of a value, or an error text. */
static void
uper_hex(struct asn_TYPE_descriptor_s *td, void *v, struct buf *out)
{
	struct buf	 b;
	char		 err[256];
	enum reason	 r;

	buf_init(&b);
	buf_reset(out);
	if ((r = codec_check(td, v, err, sizeof(err))) == REASON_OK)
		r = codec_encode(td, v, &b, err, sizeof(err));
	if (r == REASON_OK)
		buf_addhex(out, (uint8_t *)b.p, b.len);
	else
		buf_addf(out, "error %s: %s", reason_str(r), err);
	buf_free(&b);
}

/*
 * Build a value from JSON (or from XER text, for the scalar types: jer_read
 * takes objects and arrays only), print it as XER and compare with want; read the
 * XER back and compare its UPER and JSON with the original's.
 */
static void
printed(const char *name, const char *tname, const char *json,
    const char *want)
{
	struct asn_TYPE_descriptor_s *td = type(tname);
	struct buf	 x, u1, u2, j1, j2;
	void		*v = NULL, *w = NULL;
	char		 err[256], why[1024], n2[128];
	enum reason	 r;

	buf_init(&x);
	buf_init(&u1);
	buf_init(&u2);
	buf_init(&j1);
	buf_init(&j2);
	if (json[0] == '<')
		r = xer_read(td, json, strlen(json), &v, err, sizeof(err));
	else
		r = jer_read(td, json, strlen(json), &v, err, sizeof(err));
	if (r != REASON_OK) {
		snprintf(why, sizeof(why), "setup: %s %s", reason_str(r), err);
		report(name, 1, why);
		goto out;
	}
	if ((r = xer_write(&x, td, v, err, sizeof(err))) != REASON_OK) {
		snprintf(why, sizeof(why), "xer_write: %s %s", reason_str(r),
		    err);
		report(name, 1, why);
		goto out;
	}
	snprintf(why, sizeof(why), "got\n%s\nwant\n%s", buf_cstr(&x), want);
	report(name, strcmp(buf_cstr(&x), want) != 0, why);

	snprintf(n2, sizeof(n2), "%s read back", name);
	if ((r = xer_read(td, x.p, x.len, &w, err, sizeof(err))) != REASON_OK) {
		snprintf(why, sizeof(why), "%s %s", reason_str(r), err);
		report(n2, 1, why);
		goto out;
	}
	uper_hex(td, v, &u1);
	uper_hex(td, w, &u2);
	jer_write(&j1, td, v, NULL, err, sizeof(err));
	jer_write(&j2, td, w, NULL, err, sizeof(err));
	snprintf(why, sizeof(why), "UPER %s JSON %s, want UPER %s JSON %s",
	    buf_cstr(&u2), buf_cstr(&j2), buf_cstr(&u1), buf_cstr(&j1));
	report(n2, !(strcmp(buf_cstr(&u1), buf_cstr(&u2)) == 0 &&
	    strcmp(buf_cstr(&j1), buf_cstr(&j2)) == 0 &&
	    strncmp(buf_cstr(&u1), "error", 5) != 0), why);
 out:
	codec_free(td, v);
	codec_free(td, w);
	buf_free(&x);
	buf_free(&u1);
	buf_free(&u2);
	buf_free(&j1);
	buf_free(&j2);
}

/* Read XER; expect the reason want and, on success, this JSON. */
static void
reads(const char *name, const char *tname, const char *xer, enum reason want,
    const char *json_or_detail)
{
	struct asn_TYPE_descriptor_s *td = type(tname);
	struct buf	 j;
	void		*v = NULL;
	char		 err[512], why[1024];
	enum reason	 r;

	buf_init(&j);
	err[0] = '\0';
	r = xer_read(td, xer, strlen(xer), &v, err, sizeof(err));
	if (r != want) {
		snprintf(why, sizeof(why), "reason %s (%s), want %s",
		    reason_str(r), err, reason_str(want));
		report(name, 1, why);
	} else if (r == REASON_OK) {
		jer_write(&j, td, v, NULL, err, sizeof(err));
		snprintf(why, sizeof(why), "JSON %s, want %s", buf_cstr(&j),
		    json_or_detail);
		report(name, strcmp(buf_cstr(&j), json_or_detail) != 0, why);
	} else {
		snprintf(why, sizeof(why), "detail \"%s\" lacks \"%s\" or "
		    "\"XML:\"", err, json_or_detail);
		report(name, !(strstr(err, json_or_detail) != NULL &&
		    (r == REASON_NOMEM || strncmp(err, "XML:", 4) == 0 ||
		    r == REASON_CONSTRAINT)), why);
	}
	if (r == REASON_OK && v == NULL)
		report(name, 1, "REASON_OK without a value");
	if (r != REASON_OK && v != NULL)
		report(name, 1, "a value left after a failure");
	codec_free(td, v);
	buf_free(&j);
}

static void
test_printer(void)
{
	printed("Position3D plain", "Position3D",
	    "{\"lat\":405659938,\"long\":-1050317754,\"elevation\":14409}",
	    "<Position3D>\n"
	    "    <lat>405659938</lat>\n"
	    "    <long>-1050317754</long>\n"
	    "    <elevation>14409</elevation>\n"
	    "</Position3D>\n");
	printed("Position3D addGrpC extension", "Position3D",
	    "{\"lat\":1,\"long\":2,\"regional\":[{\"regionId\":3,"
	    "\"regExtValue\":{\"altitude\":{\"value\":12345,"
	    "\"confidence\":\"alt-000-05\"}}}]}",
	    "<Position3D>\n"
	    "    <lat>1</lat>\n"
	    "    <long>2</long>\n"
	    "    <regional>\n"
	    "        <RegionalExtension>\n"
	    "            <regionId>3</regionId>\n"
	    "            <regExtValue>\n"
	    "                <Position3D-addGrpC>\n"
	    "                    <altitude>\n"
	    "                        <value>12345</value>\n"
	    "                        <confidence><alt-000-05/></confidence>\n"
	    "                    </altitude>\n"
	    "                </Position3D-addGrpC>\n"
	    "            </regExtValue>\n"
	    "        </RegionalExtension>\n"
	    "    </regional>\n"
	    "</Position3D>\n");
	printed("Position3D unknown region stays hex", "Position3D",
	    "{\"lat\":1,\"long\":2,\"regional\":[{\"regionId\":2,"
	    "\"regExtValue\":\"01abff\"}]}",
	    "<Position3D>\n"
	    "    <lat>1</lat>\n"
	    "    <long>2</long>\n"
	    "    <regional>\n"
	    "        <RegionalExtension>\n"
	    "            <regionId>2</regionId>\n"
	    "            <regExtValue>01ABFF</regExtValue>\n"
	    "        </RegionalExtension>\n"
	    "    </regional>\n"
	    "</Position3D>\n");
	/* Octets that do not decode as the region's type stay hex too. */
	printed("Position3D undecodable extension stays hex", "Position3D",
	    "{\"lat\":1,\"long\":2,\"regional\":[{\"regionId\":3,"
	    "\"regExtValue\":\"\"}]}",
	    "<Position3D>\n"
	    "    <lat>1</lat>\n"
	    "    <long>2</long>\n"
	    "    <regional>\n"
	    "        <RegionalExtension>\n"
	    "            <regionId>3</regionId>\n"
	    "            <regExtValue/>\n"
	    "        </RegionalExtension>\n"
	    "    </regional>\n"
	    "</Position3D>\n");
	printed("enumerated and bit string", "BrakeSystemStatus",
	    "{\"wheelBrakes\":\"88\",\"traction\":\"on\",\"abs\":\"off\","
	    "\"scs\":\"engaged\",\"brakeBoost\":\"unavailable\","
	    "\"auxBrakes\":\"reserved\"}",
	    "<BrakeSystemStatus>\n"
	    "    <wheelBrakes>10001</wheelBrakes>\n"
	    "    <traction><on/></traction>\n"
	    "    <abs><off/></abs>\n"
	    "    <scs><engaged/></scs>\n"
	    "    <brakeBoost><unavailable/></brakeBoost>\n"
	    "    <auxBrakes><reserved/></auxBrakes>\n"
	    "</BrakeSystemStatus>\n");
	printed("boolean", "ConnectionManeuverAssist",
	    "{\"connectionID\":5,\"waitOnStop\":true,"
	    "\"pedBicycleDetect\":false}",
	    "<ConnectionManeuverAssist>\n"
	    "    <connectionID>5</connectionID>\n"
	    "    <waitOnStop><true/></waitOnStop>\n"
	    "    <pedBicycleDetect><false/></pedBicycleDetect>\n"
	    "</ConnectionManeuverAssist>\n");
	printed("choice", "NodeOffsetPointXY",
	    "{\"node-XY1\":{\"x\":1,\"y\":-2}}",
	    "<NodeOffsetPointXY>\n"
	    "    <node-XY1>\n"
	    "        <x>1</x>\n"
	    "        <y>-2</y>\n"
	    "    </node-XY1>\n"
	    "</NodeOffsetPointXY>\n");
	printed("list of integers", "EnabledLaneList", "[1,2,255]",
	    "<EnabledLaneList>\n"
	    "    <LaneID>1</LaneID>\n"
	    "    <LaneID>2</LaneID>\n"
	    "    <LaneID>255</LaneID>\n"
	    "</EnabledLaneList>\n");
	printed("value lists (enumerated, choice)", "NodeAttributeSetXY",
	    "{\"localNode\":[\"stopLine\",\"mergePoint\"],"
	    "\"data\":[{\"laneAngle\":3},{\"pathEndPointAngle\":-5}],"
	    "\"dWidth\":10}",
	    "<NodeAttributeSetXY>\n"
	    "    <localNode>\n"
	    "        <stopLine/>\n"
	    "        <mergePoint/>\n"
	    "    </localNode>\n"
	    "    <data>\n"
	    "        <laneAngle>3</laneAngle>\n"
	    "        <pathEndPointAngle>-5</pathEndPointAngle>\n"
	    "    </data>\n"
	    "    <dWidth>10</dWidth>\n"
	    "</NodeAttributeSetXY>\n");
	printed("octet string", "TemporaryID",
	    "<TemporaryID>0a1b2c3d</TemporaryID>",
	    "<TemporaryID>0A1B2C3D</TemporaryID>\n");
	printed("string escapes", "DescriptiveName",
	    "<DescriptiveName>a&lt;b&amp;c&gt;<soh/> \t&#13;\n\"'"
	    "</DescriptiveName>",
	    "<DescriptiveName>a&lt;b&amp;c&gt;<soh/> \t&#13;\n\"'"
	    "</DescriptiveName>\n");
	/* An ENUMERATED value without a name (only a program can make one):
	 * written as its number, as in JSON; reading refuses it. */
	{
		struct buf	 b;
		long		 nine = 9;
		char		 err[256];
		enum reason	 r;

		buf_init(&b);
		r = xer_write(&b, type("TransmissionState"), &nine, err,
		    sizeof(err));
		report("enumerated without a name", !(r == REASON_OK &&
		    strcmp(buf_cstr(&b),
		    "<TransmissionState>9</TransmissionState>\n") == 0),
		    buf_cstr(&b));
		buf_free(&b);
	}
}

/* XER documents read as a type: the reason expected and, on success, the
 * JSON (else a part of the detail). */
static const struct {
	const char	*name, *type, *xer;
	enum reason	 want;
	const char	*json_or_detail;
} reader_cases[] = {
	{ "empty element equals start and end tags", "EnabledLaneList",
	    "<EnabledLaneList/>", REASON_OK, "[]" },
	{ "start and end tags without content", "EnabledLaneList",
	    "<EnabledLaneList></EnabledLaneList>", REASON_OK, "[]" },
	{ "empty octets", "RegionalExtension",
	    "<RegionalExtension><regionId>7</regionId><regExtValue/>"
	    "</RegionalExtension>", REASON_OK,
	    "{\"regionId\":7,\"regExtValue\":\"\",\"unknown\":"
	    "\"regionId 7: no type known for this id\"}" },
	{ "declaration, comments, white space, hex with spaces",
	    "RegionalExtension",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n"
	    "<RegionalExtension>\n  <!-- id --><regionId> 7 </regionId>\n"
	    "  <regExtValue>01 0a\n FF</regExtValue>\n</RegionalExtension>\n"
	    "<!-- after -->\n", REASON_OK,
	    "{\"regionId\":7,\"regExtValue\":\"010aff\",\"unknown\":"
	    "\"regionId 7: no type known for this id\"}" },
	{ "enumerator and boolean as text", "ConnectionManeuverAssist",
	    "<ConnectionManeuverAssist><connectionID>5</connectionID>"
	    "<waitOnStop>true</waitOnStop></ConnectionManeuverAssist>",
	    REASON_OK, "{\"connectionID\":5,\"waitOnStop\":true}" },
	{ "bits with white space", "BrakeSystemStatus",
	    "<BrakeSystemStatus><wheelBrakes>1 0\n001</wheelBrakes>"
	    "<traction>on</traction><abs><off/></abs><scs><on/></scs>"
	    "<brakeBoost><on/></brakeBoost><auxBrakes><off/></auxBrakes>"
	    "</BrakeSystemStatus>", REASON_OK,
	    "{\"wheelBrakes\":\"88\",\"traction\":\"on\",\"abs\":\"off\","
	    "\"scs\":\"on\",\"brakeBoost\":\"on\",\"auxBrakes\":\"off\"}" },
	{ "CDATA and character references", "DescriptiveName",
	    "<DescriptiveName><![CDATA[a<b]]>&#65;&lt;<nul/>&#x7e;"
	    "</DescriptiveName>", REASON_OK, "\"a<bA<\\u0000~\"" },
	{ "open type by hex when its type is known", "Position3D",
	    "<Position3D><lat>1</lat><long>2</long><regional>"
	    "<RegionalExtension><regionId>3</regionId><regExtValue>"
	    "0C350000</regExtValue></RegionalExtension></regional>"
	    "</Position3D>", REASON_OK,
	    "{\"lat\":1,\"long\":2,\"regional\":[{\"regionId\":3,"
	    "\"regExtValue\":{\"altitude\":{\"value\":0,"
	    "\"confidence\":\"alt-000-01\"}}}]}" },

	/* Malformed XML. */
	{ "malformed: unclosed", "Position3D",
	    "<Position3D><lat>1</lat>", REASON_BAD_JSON, "XML:" },
	{ "malformed: mismatched tags", "Position3D",
	    "<Position3D><lat>1</long></Position3D>", REASON_BAD_JSON,
	    "XML:" },
	{ "malformed: empty input", "Position3D", "", REASON_BAD_JSON,
	    "XML:" },
	{ "malformed: two roots", "Position3D",
	    "<Position3D/><Position3D/>", REASON_BAD_JSON, "XML:" },
	{ "malformed: undefined entity", "DescriptiveName",
	    "<DescriptiveName>&foo;</DescriptiveName>", REASON_BAD_JSON,
	    "XML:" },
	{ "malformed: bad character reference", "DescriptiveName",
	    "<DescriptiveName>&#0;</DescriptiveName>", REASON_BAD_JSON,
	    "XML:" },
	{ "no DTD (entity expansion)", "DescriptiveName",
	    "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;"
	    "&a;&a;&a;&a;&a;\">]><DescriptiveName>&b;&b;</DescriptiveName>",
	    REASON_BAD_JSON, "DOCTYPE" },
	{ "no DTD (external entity)", "DescriptiveName",
	    "<!DOCTYPE d SYSTEM \"http://example.invalid/x.dtd\">"
	    "<DescriptiveName>x</DescriptiveName>", REASON_BAD_JSON,
	    "DOCTYPE" },

	/* Wrong names and shapes. */
	{ "wrong root element", "Position3D",
	    "<Position><lat>1</lat><long>2</long></Position>",
	    REASON_JSON_TYPE, "expected the root element <Position3D>" },
	{ "unknown member", "Position3D",
	    "<Position3D><lat>1</lat><lon>2</lon></Position3D>",
	    REASON_JSON_TYPE, "Position3D has no member <lon>" },
	{ "missing mandatory member", "Position3D",
	    "<Position3D><lat>1</lat><elevation>3</elevation></Position3D>",
	    REASON_JSON_TYPE, "Position3D needs member <long>" },
	{ "missing mandatory member at the end", "Position3D",
	    "<Position3D><lat>1</lat></Position3D>", REASON_JSON_TYPE,
	    "Position3D needs member <long>" },
	{ "members out of order", "Position3D",
	    "<Position3D><long>2</long><lat>1</lat></Position3D>",
	    REASON_JSON_TYPE, "needs member <lat>" },
	{ "member repeated", "Position3D",
	    "<Position3D><lat>1</lat><long>2</long><long>2</long>"
	    "</Position3D>", REASON_JSON_TYPE, "repeated or out of order" },
	{ "text inside a SEQUENCE", "Position3D",
	    "<Position3D>x<lat>1</lat><long>2</long></Position3D>",
	    REASON_JSON_TYPE, "where elements were expected" },
	{ "unknown enumerator", "BrakeSystemStatus",
	    "<BrakeSystemStatus><wheelBrakes>10000</wheelBrakes>"
	    "<traction><maybe/></traction><abs><off/></abs><scs><on/></scs>"
	    "<brakeBoost><on/></brakeBoost><auxBrakes><off/></auxBrakes>"
	    "</BrakeSystemStatus>", REASON_JSON_TYPE,
	    "TractionControlStatus has no enumerator \"maybe\"" },
	{ "unknown enumerator in a value list", "NodeAttributeXYList",
	    "<NodeAttributeXYList><stopLine/><goLine/></NodeAttributeXYList>",
	    REASON_JSON_TYPE, "has no enumerator \"goLine\"" },
	{ "enumerator with content", "TransmissionState",
	    "<TransmissionState><park>1</park></TransmissionState>",
	    REASON_JSON_TYPE, "expected one enumerator" },
	{ "enumerated as a number", "TransmissionState",
	    "<TransmissionState>2</TransmissionState>", REASON_JSON_TYPE,
	    "expected an enumerator" },
	{ "empty enumerated", "TransmissionState",
	    "<TransmissionState/>", REASON_JSON_TYPE,
	    "expected an enumerator" },
	{ "boolean not true or false", "PedestrianBicycleDetect",
	    "<PedestrianBicycleDetect><yes/></PedestrianBicycleDetect>",
	    REASON_JSON_TYPE, "expected <true/> or <false/>" },
	{ "integer with letters", "LaneID", "<LaneID>12a</LaneID>",
	    REASON_JSON_TYPE, "expected an integer" },
	{ "integer with a plus sign", "Latitude", "<Latitude>+5</Latitude>",
	    REASON_JSON_TYPE, "expected an integer" },
	{ "empty integer", "Latitude", "<Latitude/>", REASON_JSON_TYPE,
	    "expected an integer" },
	{ "integer too large for C", "Latitude",
	    "<Latitude>99999999999999999999999</Latitude>", REASON_CONSTRAINT,
	    "out of range" },
	{ "integer element inside", "Latitude",
	    "<Latitude><x/></Latitude>", REASON_JSON_TYPE,
	    "where text was expected" },
	{ "bad hex digit", "TemporaryID", "<TemporaryID>0G</TemporaryID>",
	    REASON_BAD_HEX, "hexadecimal" },
	{ "odd hex digits", "TemporaryID", "<TemporaryID>ABC</TemporaryID>",
	    REASON_BAD_HEX, "hexadecimal" },
	{ "bad bit", "BrakeAppliedStatus",
	    "<BrakeAppliedStatus>10201</BrakeAppliedStatus>", REASON_JSON_TYPE,
	    "expected bits" },
	{ "choice with two alternatives", "NodeOffsetPointXY",
	    "<NodeOffsetPointXY><node-XY1><x>1</x><y>2</y></node-XY1>"
	    "<node-XY2><x>1</x><y>2</y></node-XY2></NodeOffsetPointXY>",
	    REASON_JSON_TYPE, "expected one alternative" },
	{ "choice without an alternative", "NodeOffsetPointXY",
	    "<NodeOffsetPointXY/>", REASON_JSON_TYPE,
	    "expected one alternative" },
	{ "unknown alternative", "NodeOffsetPointXY",
	    "<NodeOffsetPointXY><node-XY9/></NodeOffsetPointXY>",
	    REASON_JSON_TYPE, "has no alternative <node-XY9>" },
	{ "list item with a wrong name", "EnabledLaneList",
	    "<EnabledLaneList><LaneID>1</LaneID><LaneId>2</LaneId>"
	    "</EnabledLaneList>", REASON_JSON_TYPE,
	    "expected <LaneID> (an item of EnabledLaneList), found <LaneId>" },
	{ "error path names the item", "EnabledLaneList",
	    "<EnabledLaneList><LaneID>1</LaneID><LaneID>x</LaneID>"
	    "</EnabledLaneList>", REASON_JSON_TYPE,
	    "(at EnabledLaneList/LaneID[2], line 1 of the document)" },
	{ "string with an unknown element", "DescriptiveName",
	    "<DescriptiveName>a<b/></DescriptiveName>", REASON_JSON_TYPE,
	    "only control characters" },
	{ "open type of an unknown region as XML", "RegionalExtension",
	    "<RegionalExtension><regionId>2</regionId><regExtValue>"
	    "<Position3D-addGrpC/></regExtValue></RegionalExtension>",
	    REASON_JSON_TYPE, "no type is known for regionId 2" },
	{ "open type with the wrong type element", "Position3D",
	    "<Position3D><lat>1</lat><long>2</long><regional>"
	    "<RegionalExtension><regionId>3</regionId><regExtValue>"
	    "<MapData-addGrpC/></regExtValue></RegionalExtension></regional>"
	    "</Position3D>", REASON_JSON_TYPE,
	    "expected <Position3D-addGrpC> (the type of regionId 3), found "
	    "<MapData-addGrpC>" },
	{ "open type value that misses a member", "Position3D",
	    "<Position3D><lat>1</lat><long>2</long><regional>"
	    "<RegionalExtension><regionId>3</regionId><regExtValue>"
	    "<Position3D-addGrpC/></regExtValue></RegionalExtension>"
	    "</regional></Position3D>", REASON_JSON_TYPE,
	    "Position3D-addGrpC needs member <altitude>" },
	{ "open type value breaking a constraint", "Position3D",
	    "<Position3D><lat>1</lat><long>2</long><regional>"
	    "<RegionalExtension><regionId>3</regionId><regExtValue>"
	    "<Position3D-addGrpC><altitude><value>900000</value><confidence>"
	    "<alt-000-01/></confidence></altitude></Position3D-addGrpC>"
	    "</regExtValue></RegionalExtension></regional></Position3D>",
	    REASON_CONSTRAINT, "" },
};

static void
test_reader(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(reader_cases) / sizeof(reader_cases[0]); i++)
		reads(reader_cases[i].name, reader_cases[i].type,
		    reader_cases[i].xer, reader_cases[i].want,
		    reader_cases[i].json_or_detail);
}

/* A deep document stops at libxml2's depth limit or ours, no crash. */
static void
test_deep(void)
{
	struct buf	 b;
	void		*v = NULL;
	char		 err[256];
	enum reason	 r;
	int		 i;

	buf_init(&b);
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "<Position3D>");
	r = xer_read(type("Position3D"), b.p, b.len, &v, err, sizeof(err));
	report("deep nesting rejected", !(r == REASON_BAD_JSON && v == NULL),
	    err);
	/* Within libxml2's limit, nested TravelerInformation would not
	 * recurse through our types; a long list does not recurse. */
	buf_reset(&b);
	buf_adds(&b, "<EnabledLaneList>");
	for (i = 0; i < 20000; i++)
		buf_adds(&b, "<LaneID>1</LaneID>");
	buf_adds(&b, "</EnabledLaneList>");
	r = xer_read(type("EnabledLaneList"), b.p, b.len, &v, err,
	    sizeof(err));
	report("long list read (constraints are the encoder's)",
	    !(r == REASON_OK && v != NULL), err);
	codec_free(type("EnabledLaneList"), v);
	buf_free(&b);
}

static enum reason
read_msg(struct msg *m, const char *xer, char *err, size_t errlen)
{
	return xer_read_msg(m, FAMILY_J2735, NULL, xer, strlen(xer), err,
	    errlen);
}

/* Whole messages: xer_write_msg, xer_read_msg, UPER back. */
static void
test_messages(void)
{
	static const char *const hex[] = {
		/* SPAT, with a trailing octet */
		"00131a0018025881000071e8077240100104643cf03d0900102181ec3000",
	};
	struct msg	 m, m2;
	struct buf	 x, u;
	uint8_t		 bin[256];
	char		 err[256], why[512];
	enum reason	 r;
	long		 n;
	size_t		 i;

	buf_init(&x);
	buf_init(&u);
	for (i = 0; i < sizeof(hex) / sizeof(hex[0]); i++) {
		n = check_unhex(hex[i], bin, sizeof(bin));
		r = msg_decode(&m, FAMILY_J2735, NULL, bin, (size_t)n, err,
		    sizeof(err));
		if (r != REASON_OK) {
			report("message decode", 1, err);
			continue;
		}
		buf_reset(&x);
		r = xer_write_msg(&x, &m, err, sizeof(err));
		report("message printed with its value in place",
		    !(r == REASON_OK && strstr(buf_cstr(&x), "<messageId>19"
		    "</messageId>\n    <value>\n        <SPAT>\n") != NULL &&
		    strstr(buf_cstr(&x), "<eventState><protected-Movement-"
		    "Allowed/></eventState>") != NULL), buf_cstr(&x));
		r = xer_read_msg(&m2, FAMILY_J2735, NULL, x.p, x.len, err,
		    sizeof(err));
		buf_reset(&u);
		if (r == REASON_OK)
			r = msg_encode(&m2, &u, err, sizeof(err));
		snprintf(why, sizeof(why), "%s %s", reason_str(r), err);
		report("message read back to the same UPER", !(r == REASON_OK &&
		    u.len == m.len && memcmp(u.p, bin, u.len) == 0 &&
		    m2.id == 19 && m2.type == m.type), why);
		if (r == REASON_OK)
			msg_clear(&m2);
		r = xer_read_msg(&m2, FAMILY_J2735, type("SPAT"), x.p, x.len,
		    err, sizeof(err));
		report("message root must match -t", !(r == REASON_JSON_TYPE &&
		    strstr(err, "expected the root element <SPAT>") != NULL),
		    err);
		msg_clear(&m);
	}
	r = read_msg(&m, "<Nonsense/>", err, sizeof(err));
	report("message root names no type", r != REASON_UNKNOWN_TYPE, err);
	r = read_msg(&m, "<BSM/>", err, sizeof(err));
	report("message root is a type name, not an alias",
	    r != REASON_UNKNOWN_TYPE, err);
	r = read_msg(&m,
	    "<MessageFrame><messageId>99</messageId><value><SPAT/></value>"
	    "</MessageFrame>", err, sizeof(err));
	report("message with an unknown id given as XML",
	    !(r == REASON_JSON_TYPE && strstr(err, "messageId 99") != NULL),
	    err);
	r = read_msg(&m,
	    "<MessageFrame><messageId>99</messageId><value>0102</value>"
	    "</MessageFrame>", err, sizeof(err));
	buf_reset(&u);
	if (r == REASON_OK) {
		r = msg_encode(&m, &u, err, sizeof(err));
		msg_clear(&m);
	}
	report("message with an unknown id given as hex", !(r == REASON_OK &&
	    u.len == 5 && memcmp(u.p, "\x00\x63\x02\x01\x02", 5) == 0),
	    err);
	r = read_msg(&m,
	    "<MessageFrame><messageId>19</messageId><value><SPAT><intersections>"
	    "<IntersectionState><id><id>1</id></id><revision>1</revision>"
	    "<status>0000000000000000</status><timeStamp>70000</timeStamp>"
	    "<states/></IntersectionState></intersections></SPAT></value>"
	    "</MessageFrame>", err, sizeof(err));
	report("message breaking a constraint inside its value",
	    r != REASON_CONSTRAINT, err);
	if (r == REASON_OK)
		msg_clear(&m);
	buf_free(&x);
	buf_free(&u);
}

/*
 * Extension addition groups (issue 19): IVI's TcPart and LaneInformation
 * hold theirs as an OPTIONAL addition "ext1 SEQUENCE {...}" (asn1/etsi/
 * IVI.asn; asn1c 0.9.28 cannot compile [[ ]]).  X.693 names only
 * components, a group has no identifier, and asn1c given a real [[ ]]
 * prints the components in the parent: so the components' elements sit in
 * the parent's, with no <ext1>, and are read back from there to the bytes
 * of X.691 19.9 (82000020500080: Erlang/OTP 25's UPER of this value of a
 * module with the real group, as in unit_codecs.c).
 */
static void
test_groups(void)
{
	static const char li[] = "<LaneInformation><laneNumber>1</laneNumber>"
	    "<direction>0</direction><laneType>0</laneType><laneStatus>0"
	    "</laneStatus><detectionZoneIds><Zid>3</Zid></detectionZoneIds>"
	    "</LaneInformation>";
	struct buf	 u;
	void		*v = NULL;
	char		 err[256];
	enum reason	 r;

	printed("group components in the parent's element", "LaneInformation",
	    "{\"laneNumber\":1,\"direction\":0,\"laneType\":0,\"laneStatus\":0,"
	    "\"detectionZoneIds\":[3]}",
	    "<LaneInformation>\n"
	    "    <laneNumber>1</laneNumber>\n"
	    "    <direction>0</direction>\n"
	    "    <laneType>0</laneType>\n"
	    "    <laneStatus>0</laneStatus>\n"
	    "    <detectionZoneIds>\n"
	    "        <Zid>3</Zid>\n"
	    "    </detectionZoneIds>\n"
	    "</LaneInformation>\n");
	buf_init(&u);
	r = xer_read(type("LaneInformation"), li, strlen(li), &v, err,
	    sizeof(err));
	if (r == REASON_OK)
		uper_hex(type("LaneInformation"), v, &u);
	else
		buf_addf(&u, "%s %s", reason_str(r), err);
	report("group read from the parent encodes as X.691 19.9 (Erlang)",
	    strcmp(buf_cstr(&u), "82000020500080") != 0, buf_cstr(&u));
	codec_free(type("LaneInformation"), v);
	buf_free(&u);
	printed("group: no component, no group", "LaneInformation",
	    "{\"laneNumber\":1,\"direction\":0,\"laneType\":0,\"laneStatus\":0}",
	    "<LaneInformation>\n"
	    "    <laneNumber>1</laneNumber>\n"
	    "    <direction>0</direction>\n"
	    "    <laneType>0</laneType>\n"
	    "    <laneStatus>0</laneStatus>\n"
	    "</LaneInformation>\n");
	printed("group with a mandatory component", "TcPart",
	    "{\"relevanceZoneIds\":[1],\"data\":\"\",\"iviType\":0,"
	    "\"laneStatus\":1}",
	    "<TcPart>\n"
	    "    <relevanceZoneIds>\n"
	    "        <Zid>1</Zid>\n"
	    "    </relevanceZoneIds>\n"
	    "    <data/>\n"
	    "    <iviType>0</iviType>\n"
	    "    <laneStatus>1</laneStatus>\n"
	    "</TcPart>\n");
	reads("group: <ext1> refused", "LaneInformation",
	    "<LaneInformation><laneNumber>1</laneNumber><direction>0"
	    "</direction><laneType>0</laneType><laneStatus>0</laneStatus>"
	    "<ext1><detectionZoneIds><Zid>3</Zid></detectionZoneIds></ext1>"
	    "</LaneInformation>", REASON_JSON_TYPE,
	    "<ext1> is no XER element: a group's components go directly in "
	    "<LaneInformation>");
	reads("group: mandatory component needed once any is", "TcPart",
	    "<TcPart><relevanceZoneIds><Zid>1</Zid></relevanceZoneIds><data/>"
	    "<laneStatus>1</laneStatus></TcPart>", REASON_JSON_TYPE,
	    "TcPart needs member <iviType> here");
	reads("group: components keep the definition order", "TcPart",
	    "<TcPart><relevanceZoneIds><Zid>1</Zid></relevanceZoneIds><data/>"
	    "<laneStatus>1</laneStatus><iviType>0</iviType></TcPart>",
	    REASON_JSON_TYPE, "needs member <iviType> here");
	reads("group: component before the root members", "LaneInformation",
	    "<LaneInformation><laneNumber>1</laneNumber><detectionZoneIds>"
	    "<Zid>3</Zid></detectionZoneIds><direction>0</direction>"
	    "<laneType>0</laneType><laneStatus>0</laneStatus>"
	    "</LaneInformation>", REASON_JSON_TYPE,
	    "LaneInformation needs member <direction> here");
	reads("group: component after the group repeated", "LaneInformation",
	    "<LaneInformation><laneNumber>1</laneNumber><direction>0"
	    "</direction><laneType>0</laneType><laneStatus>0</laneStatus>"
	    "<detectionZoneIds><Zid>3</Zid></detectionZoneIds>"
	    "<detectionZoneIds><Zid>4</Zid></detectionZoneIds>"
	    "</LaneInformation>", REASON_JSON_TYPE,
	    "member <detectionZoneIds> of LaneInformation is repeated");
}

static void
splits(const char *name, const char *text, const char *const *want)
{
	size_t	 off = 0, s, e, len = strlen(text);
	char	 why[512];
	int	 k = 0, ok = 1;

	why[0] = '\0';
	while (off < len && xer_next(text + off, len - off, &s, &e)) {
		if (want[k] == NULL || strlen(want[k]) != e - s ||
		    memcmp(text + off + s, want[k], e - s) != 0) {
			snprintf(why, sizeof(why), "document %d is \"%.*s\"",
			    k + 1, (int)(e - s), text + off + s);
			ok = 0;
			break;
		}
		k++;
		off += e;
	}
	if (ok && want[k] != NULL) {
		snprintf(why, sizeof(why), "%d documents, more expected", k);
		ok = 0;
	}
	report(name, !ok, why);
}

static void
test_split(void)
{
	static const char *const two[] = { "<a><b/>x</a>",
	    "<?xml version=\"1.0\"?>\n<a x='>'><![CDATA[</a>]]><!-- </a> -->"
	    "</a>", NULL };
	static const char *const stray[] = { "<a/>",
	    "{\"error\":\"BAD_HEX\"}", "<b></b>", NULL };
	static const char *const comment[] = { "<!-- trailing: 1 -->\n<b/>",
	    NULL };
	static const char *const open[] = { "<a><b>", NULL };
	static const char *const none[] = { NULL };

	splits("split two documents", "\n <a><b/>x</a>\n"
	    "<?xml version=\"1.0\"?>\n<a x='>'><![CDATA[</a>]]><!-- </a> -->"
	    "</a>\n\n", two);
	splits("split around a stray line", "<a/>\n{\"error\":\"BAD_HEX\"}\n"
	    "<b></b>\n<!-- end -->\n", stray);
	splits("comment before a document", "<!-- trailing: 1 -->\n<b/>",
	    comment);
	splits("unterminated document", "<a><b>", open);
	splits("nothing but white space and comments",
	    " \n<!-- x -->\n<?pi?>\n", none);
	splits("empty input", "", none);
}

/* The library never prints: libxml2's messages must not reach stderr. */
static void
test_quiet(void)
{
	char	 path[] = "/tmp/unit_xer.XXXXXX", err[256];
	void	*v = NULL;
	off_t	 size;
	int	 fd, saved;

	fflush(stderr);
	if ((fd = mkstemp(path)) == -1 || (saved = dup(2)) == -1) {
		report("library is quiet", 1, "setup failed");
		return;
	}
	dup2(fd, 2);
	xer_read(type("Position3D"), "<a><b></a>", 10, &v, err, sizeof(err));
	xer_read(type("Position3D"), "<a>&x;</a>", 10, &v, err, sizeof(err));
	xer_read(type("Position3D"), "<?xml version=\"1.0\" encoding=\"nope\"?>"
	    "<a/>", 42, &v, err, sizeof(err));
	xer_read(type("Position3D"), "\xff\xfe<\x00", 4, &v, err, sizeof(err));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(path);
	report("library is quiet (nothing on stderr)", size != 0,
	    "libxml2 wrote to stderr");
}

int
main(void)
{
	msg_init();
	test_printer();
	test_reader();
	test_deep();
	test_messages();
	test_groups();
	test_split();
	test_quiet();
	return check_exit();
}
