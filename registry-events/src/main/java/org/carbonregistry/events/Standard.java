package org.carbonregistry.events;

/** The crediting programme a project is certified under. */
public enum Standard { VCS, GS, ACR, CAR, PURO, ISOMETRIC, OTHER }
