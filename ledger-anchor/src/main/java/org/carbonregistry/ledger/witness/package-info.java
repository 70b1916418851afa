/**
 * External anchoring: every new checkpoint goes to the configured witnesses over the C2SP tlog-witness protocol
 * (c2sp.org/tlog-witness, with a consistency proof from the size each witness last cosigned) and their verified
 * cosignatures are stored beside the checkpoint; every checkpoint is also written to a directory as a file.
 * Copies held elsewhere make a rewrite of our own database detectable. Both run on threads of their own and
 * retry: a witness being down never stops sequencing.
 */
package org.carbonregistry.ledger.witness;
