package org.carbonregistry.events;

/**
 * Whether the host Party authorised the units under Article 6.2 of the Paris Agreement, and for which use:
 * towards another Party's NDC or for other international mitigation purposes (CORSIA, voluntary claims).
 */
public enum Article6Authorization { NOT_AUTHORIZED, AUTHORIZED_NDC, AUTHORIZED_OIMP }
