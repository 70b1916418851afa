package org.carbonregistry.registry.access;

/** A command issued on someone's authority; the actor's account is stamped on the resulting events. */
public interface ActorCommand {

    /** The event metadata key that carries the acting account into the envelope's {@code actor}. */
    String ACTOR_METADATA = "actor";

    Actor actor();
}
