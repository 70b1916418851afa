package org.carbonregistry.ledger;

import org.carbonregistry.ledger.cli.LedgerCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * {@code java -jar ledger-anchor.jar verify | verify-consistency | audit ...} runs the offline tools without
 * starting Spring and exits with their code; anything else starts the service.
 */
@SpringBootApplication
public class LedgerAnchorApplication {

    public static void main(String[] args) {
        if (args.length > 0 && LedgerCli.isCommand(args[0])) {
            System.exit(LedgerCli.run(args, System.out, System.err));
        }
        SpringApplication.run(LedgerAnchorApplication.class, args);
    }
}
