package org.carbonregistry.events;

/** Where a removal project stores carbon (ESRS E1 AR 62 splits removals this way). */
public enum RemovalSink { BIOGENIC, TECHNOLOGICAL }
