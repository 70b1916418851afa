/** The command line of the ledger's jar: the offline verifier's commands and the audit, without Spring. */
package org.carbonregistry.ledger.cli;
