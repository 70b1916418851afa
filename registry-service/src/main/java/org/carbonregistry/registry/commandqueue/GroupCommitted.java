package org.carbonregistry.registry.commandqueue;

/**
 * Marks a command that may share its unit of work and transaction with other commands on the same aggregate
 * (see {@link GroupCommitCommandBus}). Fit for commands that change nothing but their target aggregate (and rows
 * written in their own transaction): a group that one member fails is rolled back and decided again without it.
 */
public interface GroupCommitted {
}
