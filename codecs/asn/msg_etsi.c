/*
 * msg_etsi.c: ETSI ITS tables: ItsPduHeader messageID (TS 102 894-2 v1.3.1
 * A.114; CPM, IMZM and VAM ids of later releases recognised), and the
 * addGrpC (regionId 3) types of ISO TS 19091 as TS 103 301 v2.1.1 uses
 * them, by the type that holds the regional member; the CPM containers of
 * TS 103 324 v2.1.1 by containerId (its object set CpmContainers, A.2).
 * The family's symbols carry the etsi_ prefix the build gives them.
 */
#include <stdlib.h>

#include "asn_application.h"

#include "msg_int.h"

extern asn_TYPE_descriptor_t etsi_asn_DEF_CAM;
extern asn_TYPE_descriptor_t etsi_asn_DEF_DENM;
extern asn_TYPE_descriptor_t etsi_asn_DEF_SPATEM;
extern asn_TYPE_descriptor_t etsi_asn_DEF_MAPEM;
extern asn_TYPE_descriptor_t etsi_asn_DEF_IVIM;
extern asn_TYPE_descriptor_t etsi_asn_DEF_SREM;
extern asn_TYPE_descriptor_t etsi_asn_DEF_SSEM;
extern asn_TYPE_descriptor_t etsi_asn_DEF_RTCMEM;
extern asn_TYPE_descriptor_t etsi_asn_DEF_CollectivePerceptionMessage;
extern asn_TYPE_descriptor_t etsi_asn_DEF_WrappedCpmContainer;
extern asn_TYPE_descriptor_t etsi_asn_DEF_OriginatingVehicleContainer;
extern asn_TYPE_descriptor_t etsi_asn_DEF_OriginatingRsuContainer;
extern asn_TYPE_descriptor_t etsi_asn_DEF_SensorInformationContainer;
extern asn_TYPE_descriptor_t etsi_asn_DEF_PerceptionRegionContainer;
extern asn_TYPE_descriptor_t etsi_asn_DEF_PerceivedObjectContainer;
extern asn_TYPE_descriptor_t etsi_asn_DEF_RegionalExtension;
extern asn_TYPE_descriptor_t etsi_asn_DEF_ConnectionManeuverAssist_addGrpC;
extern asn_TYPE_descriptor_t etsi_asn_DEF_ConnectionTrajectory_addGrpC;
extern asn_TYPE_descriptor_t etsi_asn_DEF_IntersectionState_addGrpC;
extern asn_TYPE_descriptor_t etsi_asn_DEF_LaneAttributes_addGrpC;
extern asn_TYPE_descriptor_t etsi_asn_DEF_MapData_addGrpC;
extern asn_TYPE_descriptor_t etsi_asn_DEF_MovementEvent_addGrpC;
extern asn_TYPE_descriptor_t etsi_asn_DEF_NodeAttributeSet_addGrpC;
extern asn_TYPE_descriptor_t etsi_asn_DEF_Position3D_addGrpC;
extern asn_TYPE_descriptor_t etsi_asn_DEF_RestrictionUserType_addGrpC;
extern asn_TYPE_descriptor_t etsi_asn_DEF_RequestorDescription_addGrpC;
extern asn_TYPE_descriptor_t etsi_asn_DEF_SignalStatusPackage_addGrpC;
extern asn_TYPE_descriptor_t *etsi_pdu_collection[];

static const struct msg_def msgs[] = {
	{ 1, "denm", NULL, &etsi_asn_DEF_DENM },
	{ 2, "cam", NULL, &etsi_asn_DEF_CAM },
	{ 3, "poi", NULL, NULL },
	{ 4, "spatem", NULL, &etsi_asn_DEF_SPATEM },
	{ 5, "mapem", NULL, &etsi_asn_DEF_MAPEM },
	{ 6, "ivim", NULL, &etsi_asn_DEF_IVIM },
	{ 7, "ev-rsr", NULL, NULL },
	{ 8, "tistpgtransaction", NULL, NULL },
	{ 9, "srem", NULL, &etsi_asn_DEF_SREM },
	{ 10, "ssem", NULL, &etsi_asn_DEF_SSEM },
	{ 11, "evcsn", NULL, NULL },
	{ 12, "saem", NULL, NULL },
	{ 13, "rtcmem", NULL, &etsi_asn_DEF_RTCMEM },
	{ 14, "cpm", "CPM", &etsi_asn_DEF_CollectivePerceptionMessage },
						/* TS 103 324 v2.1.1 */
	{ 15, "imzm", NULL, NULL },		/* TS 103 724 */
	{ 16, "vam", "VAM", NULL },		/* TS 103 300-3 */
};

static const struct msg_regdef regs[] = {
	{ "ConnectionManeuverAssist", 3, &etsi_asn_DEF_ConnectionManeuverAssist_addGrpC },
	{ "GenericLane", 3, &etsi_asn_DEF_ConnectionTrajectory_addGrpC },
	{ "IntersectionState", 3, &etsi_asn_DEF_IntersectionState_addGrpC },
	{ "LaneAttributes", 3, &etsi_asn_DEF_LaneAttributes_addGrpC },
	{ "MapData", 3, &etsi_asn_DEF_MapData_addGrpC },
	{ "MovementEvent", 3, &etsi_asn_DEF_MovementEvent_addGrpC },
	{ "NodeAttributeSetXY", 3, &etsi_asn_DEF_NodeAttributeSet_addGrpC },
	{ "Position3D", 3, &etsi_asn_DEF_Position3D_addGrpC },
	{ "RequestorDescription", 3, &etsi_asn_DEF_RequestorDescription_addGrpC },
	{ "RestrictionUserType", 3, &etsi_asn_DEF_RestrictionUserType_addGrpC },
	{ "SignalStatusPackage", 3, &etsi_asn_DEF_SignalStatusPackage_addGrpC },
};

/* CpmContainerId values of TS 103 324 v2.1.1 A.2 (1..5; 6..16 unknown). */
static asn_TYPE_descriptor_t *const cpm_containers[] = {
	NULL,
	&etsi_asn_DEF_OriginatingVehicleContainer,
	&etsi_asn_DEF_OriginatingRsuContainer,
	&etsi_asn_DEF_SensorInformationContainer,
	&etsi_asn_DEF_PerceptionRegionContainer,
	&etsi_asn_DEF_PerceivedObjectContainer,
};

static const struct msg_idtab idtabs[] = {
	{ &etsi_asn_DEF_WrappedCpmContainer, "containerId", cpm_containers,
	    sizeof(cpm_containers) / sizeof(cpm_containers[0]) },
};

/* CPM: protocolVersion 2 is TS 103 324 v2.1.1 (its header's WITH COMPONENTS);
 * the pre-standard CPM of TR 103 562 has another schema (not modelled). */
static const struct msg_version versions[] = {
	{ 14, 2 },
};

const struct msg_familydef msg_etsi = {
	FAMILY_ETSI,
	msgs, sizeof(msgs) / sizeof(msgs[0]),
	regs, sizeof(regs) / sizeof(regs[0]),
	etsi_pdu_collection,
	NULL,
	&etsi_asn_DEF_RegionalExtension,
	NULL,
	NULL, 0,
	idtabs, sizeof(idtabs) / sizeof(idtabs[0]),
	versions, sizeof(versions) / sizeof(versions[0]),
};
