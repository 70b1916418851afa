package org.carbonregistry.ledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class LedgerAnchorApplication {

    public static void main(String[] args) {
        SpringApplication.run(LedgerAnchorApplication.class, args);
    }
}
