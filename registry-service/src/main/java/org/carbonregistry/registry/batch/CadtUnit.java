package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One block of units in the Climate Action Data Trust (CAD Trust) v2 unit fields. Names and value lists follow
 * the CADT data model: the {@code units} model of Chia-Network/cadt ({@code src/models/units/units.modeltypes.cjs},
 * with {@code unitBlockStart}, {@code unitBlockEnd} and {@code unitCount} as in {@code units.model.js}) and its
 * picklists ({@code unitType}, {@code unitStatus}, {@code correspondingAdjustmentDeclaration},
 * {@code correspondingAdjustmentStatus}). The registry's batch is the CADT issuance ({@code issuanceId}); a unit is a
 * block of consecutive serials in one state and, when held or retired, with one owner.
 *
 * @param warehouseUnitId   stable id of the block: {@code <batchId>:<unitBlockStart>}
 * @param unitBlockStart    first serial number of the block
 * @param unitBlockEnd      last serial number of the block
 * @param serialNumberBlock the block's readable serial range, e.g. {@code VCS-1A2B3C4D-2023-000000001-000000250}
 * @param unitOwner         the holding (or retiring) account's name; null for cancelled units
 * @param unitRegistryLink  where the registry shows the batch
 */
@JsonPropertyOrder({"warehouseUnitId", "issuanceId", "projectLocationId", "unitOwner", "countryJurisdictionOfOwner",
        "inCountryJurisdictionOfOwner", "serialNumberBlock", "unitBlockStart", "unitBlockEnd", "unitCount",
        "vintageYear", "unitType", "unitTags", "unitStatus", "unitStatusReason", "unitRegistryLink",
        "correspondingAdjustmentDeclaration", "correspondingAdjustmentStatus"})
public record CadtUnit(String warehouseUnitId, String issuanceId, String projectLocationId, String unitOwner,
                       String countryJurisdictionOfOwner, String inCountryJurisdictionOfOwner,
                       String serialNumberBlock, String unitBlockStart, String unitBlockEnd, long unitCount,
                       int vintageYear, String unitType, String unitTags, String unitStatus, String unitStatusReason,
                       String unitRegistryLink, String correspondingAdjustmentDeclaration,
                       String correspondingAdjustmentStatus) {
}
