package org.carbonregistry.reporting;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Reporting: consumes {@code registry.events} into projections and serves ESRS E1-7 reports, retirement lists and
 * certificates from them. {@code --replay} rebuilds every projection from offset 0 before serving.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReportingApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReportingApplication.class, args);
    }
}
