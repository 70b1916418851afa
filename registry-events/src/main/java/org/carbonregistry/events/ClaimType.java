package org.carbonregistry.events;

/** What a claim states about the account's emissions, in the words of the usual claim frameworks. */
public enum ClaimType {
    NEUTRALITY, CONTRIBUTION, COMPENSATION, NET_ZERO_NEUTRALISATION, OTHER
}
