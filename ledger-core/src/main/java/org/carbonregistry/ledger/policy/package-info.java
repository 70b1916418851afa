/**
 * The transparency log trust policy of c2sp.org/tlog-policy (the format Sigsum's tools read): which logs, which
 * witnesses, and the quorum of witnesses a checkpoint needs. The ledger serves its policy in this format; offline
 * verifiers and monitors read it with the same class. No framework code lives here.
 */
package org.carbonregistry.ledger.policy;
