/** Who may read the ledger's actuator: API keys checked with the registry (the service-access module). */
package org.carbonregistry.ledger.access;
