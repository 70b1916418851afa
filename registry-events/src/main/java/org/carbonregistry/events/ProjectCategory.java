package org.carbonregistry.events;

public enum ProjectCategory { REMOVAL, REDUCTION }
