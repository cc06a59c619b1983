/*
 * msg_j2735.c: SAE J2735 (2020) tables: DE_DSRCmsgID (clause 7), the REGION
 * module's Reg-<owner> sets that AddGrpC (regionId 3) extends, and
 * DE_PartII-Id.
 */
#include <stdlib.h>

#include "asn_application.h"

#include "msg_int.h"

extern asn_TYPE_descriptor_t asn_DEF_MessageFrame;
extern asn_TYPE_descriptor_t asn_DEF_BasicSafetyMessage;
extern asn_TYPE_descriptor_t asn_DEF_SPAT;
extern asn_TYPE_descriptor_t asn_DEF_MapData;
extern asn_TYPE_descriptor_t asn_DEF_TravelerInformation;
extern asn_TYPE_descriptor_t asn_DEF_RoadSideAlert;
extern asn_TYPE_descriptor_t asn_DEF_SignalRequestMessage;
extern asn_TYPE_descriptor_t asn_DEF_SignalStatusMessage;
extern asn_TYPE_descriptor_t asn_DEF_PersonalSafetyMessage;
extern asn_TYPE_descriptor_t asn_DEF_ProbeDataManagement;
extern asn_TYPE_descriptor_t asn_DEF_ProbeVehicleData;
extern asn_TYPE_descriptor_t asn_DEF_RegionalExtension;
extern asn_TYPE_descriptor_t asn_DEF_BSMpartIIExtension;
extern asn_TYPE_descriptor_t asn_DEF_VehicleSafetyExtensions;
extern asn_TYPE_descriptor_t asn_DEF_SpecialVehicleExtensions;
extern asn_TYPE_descriptor_t asn_DEF_SupplementalVehicleExtensions;
extern asn_TYPE_descriptor_t asn_DEF_ConnectionManeuverAssist_addGrpC;
extern asn_TYPE_descriptor_t asn_DEF_IntersectionState_addGrpC;
extern asn_TYPE_descriptor_t asn_DEF_MapData_addGrpC;
extern asn_TYPE_descriptor_t asn_DEF_Position3D_addGrpC;
extern asn_TYPE_descriptor_t asn_DEF_RestrictionUserType_addGrpC;
extern asn_TYPE_descriptor_t *j2735_pdu_collection[];

static const struct msg_def msgs[] = {
	{ 18, "mapData", "MAP", &asn_DEF_MapData },
	{ 19, "signalPhaseAndTimingMessage", "SPaT", &asn_DEF_SPAT },
	{ 20, "basicSafetyMessage", "BSM", &asn_DEF_BasicSafetyMessage },
	{ 21, "commonSafetyRequest", NULL, NULL },
	{ 22, "emergencyVehicleAlert", NULL, NULL },
	{ 23, "intersectionCollision", NULL, NULL },
	{ 24, "nmeaCorrections", NULL, NULL },
	{ 25, "probeDataManagement", "PDM", &asn_DEF_ProbeDataManagement },
	{ 26, "probeVehicleData", "PVD", &asn_DEF_ProbeVehicleData },
	{ 27, "roadSideAlert", "RSA", &asn_DEF_RoadSideAlert },
	{ 28, "rtcmCorrections", NULL, NULL },
	{ 29, "signalRequestMessage", "SRM", &asn_DEF_SignalRequestMessage },
	{ 30, "signalStatusMessage", "SSM", &asn_DEF_SignalStatusMessage },
	{ 31, "travelerInformation", "TIM", &asn_DEF_TravelerInformation },
	{ 32, "personalSafetyMessage", "PSM", &asn_DEF_PersonalSafetyMessage },
	{ 41, "sensorDataSharingMessage", "SDSM", NULL },	/* J2735 (2024) */
};

/* J2735 (2020) has addGrpC content for these five owners only. */
static const struct msg_regdef regs[] = {
	{ "ConnectionManeuverAssist", 3, &asn_DEF_ConnectionManeuverAssist_addGrpC },
	{ "IntersectionState", 3, &asn_DEF_IntersectionState_addGrpC },
	{ "MapData", 3, &asn_DEF_MapData_addGrpC },
	{ "Position3D", 3, &asn_DEF_Position3D_addGrpC },
	{ "RestrictionUserType", 3, &asn_DEF_RestrictionUserType_addGrpC },
};

static asn_TYPE_descriptor_t *const partii[] = {
	&asn_DEF_VehicleSafetyExtensions,	/* 0 vehicleSafetyExt */
	&asn_DEF_SpecialVehicleExtensions,	/* 1 specialVehicleExt */
	&asn_DEF_SupplementalVehicleExtensions,	/* 2 supplementalVehicleExt */
};

const struct msg_familydef msg_j2735 = {
	FAMILY_J2735,
	msgs, sizeof(msgs) / sizeof(msgs[0]),
	regs, sizeof(regs) / sizeof(regs[0]),
	j2735_pdu_collection,
	&asn_DEF_MessageFrame,
	&asn_DEF_RegionalExtension,
	&asn_DEF_BSMpartIIExtension,
	partii, sizeof(partii) / sizeof(partii[0]),
	NULL, 0,
	NULL, 0,
};
