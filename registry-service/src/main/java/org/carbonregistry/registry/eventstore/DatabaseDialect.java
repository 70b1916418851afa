package org.carbonregistry.registry.eventstore;

import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Picks the bytea dialect when the event store lives in PostgreSQL, the text-enum dialect when in H2. */
@Component
class DatabaseDialect implements HibernatePropertiesCustomizer {

    private final String url;

    DatabaseDialect(@Value("${spring.datasource.url}") String url) {
        this.url = url;
    }

    @Override
    public void customize(Map<String, Object> hibernateProperties) {
        if (url.startsWith("jdbc:postgresql:")) {
            hibernateProperties.put("hibernate.dialect", PostgresByteaDialect.class.getName());
        } else if (url.startsWith("jdbc:h2:")) {
            hibernateProperties.put("hibernate.dialect", H2PlainTypesDialect.class.getName());
        }
    }
}
