package org.carbonregistry.events;

/** Events of one credit batch, the registry's consistency boundary. */
public sealed interface BatchEvent extends RegistryEvent
        permits CreditsIssued, CreditsTransferred, CreditsRetired, CreditsCancelled, BatchFrozen, BatchUnfrozen,
        PersonalDataErased, BatchInvalidated, BufferContributed, ReversalCompensated, CreditsExpired,
        AuthorizationChanged, CorrespondingAdjustmentApplied {

    String batchId();
}
