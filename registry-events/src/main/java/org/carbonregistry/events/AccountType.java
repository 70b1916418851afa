package org.carbonregistry.events;

public enum AccountType { REGISTRY, PROJECT_DEVELOPER, CORPORATE, AUDITOR }
