/*
 * psid.c: which message type travels under which PSID (IEEE 1609.12-2019,
 * the IEEE RA PSID public listing; SAE J2735 and J2945 usage) or ITS-AID
 * (ETSI TS 102 965 v2.1.1).
 */
#include <stddef.h>
#include <string.h>

#include "psid.h"

static const struct psid_msg psids[] = {
	{ PSID_BSM,		"BSM",		"BasicSafetyMessage",	FAMILY_J2735 },
	{ PSID_PSM,		"PSM",		"PersonalSafetyMessage", FAMILY_J2735 },
	{ PSID_SPAT,		"SPAT",		"SPAT",			FAMILY_J2735 },
	{ PSID_MAP,		"MAP",		"MapData",		FAMILY_J2735 },
	{ PSID_TIM,		"TIM",		"TravelerInformation",	FAMILY_J2735 },
	{ PSID_TIM,		"RSA",		"RoadSideAlert",	FAMILY_J2735 },
	{ PSID_SRM,		"SRM",		"SignalRequestMessage",	FAMILY_J2735 },
	{ PSID_SSM,		"SSM",		"SignalStatusMessage",	FAMILY_J2735 },
	{ PSID_PROBE,		"PVD",		"ProbeVehicleData",	FAMILY_J2735 },
	{ PSID_PROBE,		"PDM",		"ProbeDataManagement",	FAMILY_J2735 },
	{ ITS_AID_CAM,		"CAM",		"CAM",			FAMILY_ETSI },
	{ ITS_AID_DENM,		"DENM",		"DENM",			FAMILY_ETSI },
	{ ITS_AID_SPATEM,	"SPATEM",	"SPATEM",		FAMILY_ETSI },
	{ ITS_AID_MAPEM,	"MAPEM",	"MAPEM",		FAMILY_ETSI },
	{ ITS_AID_IVIM,		"IVIM",		"IVIM",			FAMILY_ETSI },
	{ ITS_AID_SREM,		"SREM",		"SREM",			FAMILY_ETSI },
	{ ITS_AID_SSEM,		"SSEM",		"SSEM",			FAMILY_ETSI },
};

const struct psid_msg *
psid_by_type(const char *type)
{
	size_t	 i;

	for (i = 0; i < sizeof(psids) / sizeof(psids[0]); i++)
		if (strcmp(psids[i].type, type) == 0)
			return &psids[i];
	return NULL;
}

const struct psid_msg *
psid_by_value(uint32_t psid)
{
	size_t	 i;

	for (i = 0; i < sizeof(psids) / sizeof(psids[0]); i++)
		if (psids[i].psid == psid)
			return &psids[i];
	return NULL;
}
