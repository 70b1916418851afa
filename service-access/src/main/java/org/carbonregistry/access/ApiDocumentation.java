package org.carbonregistry.access;

import com.fasterxml.jackson.databind.type.TypeFactory;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.method.HandlerMethod;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every service's OpenAPI document says alike, so that a new controller is documented without annotations:
 * the bearer scheme (the API keys registry-service issues), applied to each operation whose handler reads the
 * caller's key ({@code @AuthenticationPrincipal} or the {@code Authorization} header; optional with
 * {@link KeyOptional}), the RFC 9457 problem as the body of every error, 401/403 on the operations that take a key,
 * and {@code null} allowed wherever Jackson may write it (a property of a reference type without {@code @NotNull}).
 * Declare one bean per service; springdoc applies it to every operation it finds.
 */
public class ApiDocumentation implements GlobalOpenApiCustomizer, GlobalOperationCustomizer, PropertyCustomizer {

    /** The name of the security scheme, for endpoints that need {@code @SecurityRequirement} explicitly. */
    public static final String BEARER = "bearer";
    public static final String PROBLEM = "Problem";
    public static final String PROBLEM_JSON = "application/problem+json";

    /** Spring Security's, matched by name: service-access does not depend on Spring Security. */
    private static final String AUTHENTICATION_PRINCIPAL =
            "org.springframework.security.core.annotation.AuthenticationPrincipal";

    private final String title;
    private final String description;

    public ApiDocumentation(String title, String description) {
        this.title = title;
        this.description = description;
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        boolean readsKey = Arrays.stream(handler.getMethod().getParameters()).anyMatch(p ->
                Arrays.stream(p.getAnnotations()).map(Annotation::annotationType).map(Class::getName)
                        .anyMatch(AUTHENTICATION_PRINCIPAL::equals) || isAuthorizationHeader(p.getAnnotation(RequestHeader.class)));
        if (operation.getParameters() != null) {
            // OpenAPI ignores an Authorization header parameter: the security requirement is what says it.
            operation.getParameters().removeIf(p -> "header".equals(p.getIn())
                    && HttpHeaders.AUTHORIZATION.equalsIgnoreCase(p.getName()));
            if (operation.getParameters().isEmpty()) {
                operation.setParameters(null);
            }
        }
        if (readsKey && operation.getSecurity() == null) {
            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
            if (handler.hasMethodAnnotation(KeyOptional.class)) {
                operation.addSecurityItem(new SecurityRequirement());
            }
        }
        return operation;
    }

    private static boolean isAuthorizationHeader(RequestHeader header) {
        return header != null && (HttpHeaders.AUTHORIZATION.equalsIgnoreCase(header.value())
                || HttpHeaders.AUTHORIZATION.equalsIgnoreCase(header.name()));
    }

    /**
     * OpenAPI 3.1 schemas say null only where it is listed, and the services write null for an absent value (a
     * holder list without a key, an erased beneficiary): so every property that Java lets be null says so, unless
     * it is a primitive or validated as {@code @NotNull}/{@code @NotBlank}.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema customize(Schema property, AnnotatedType type) {
        if (property == null || type == null || type.getType() == null || neverNull(type)) {
            return property;
        }
        if (property.get$ref() != null) {
            return new Schema<>().anyOf(List.of(property, new Schema<>().types(Set.of("null"))));
        }
        if (property.getTypes() == null || property.getTypes().contains("null")) {
            return property;
        }
        Set<String> types = new LinkedHashSet<>(property.getTypes());
        types.add("null");
        property.setTypes(types);
        if (property.getEnum() != null) {
            List values = new ArrayList<>(property.getEnum());
            values.add(null);
            property.setEnum(values);
        }
        return property;
    }

    private static boolean neverNull(AnnotatedType type) {
        if (TypeFactory.defaultInstance().constructType(type.getType()).isPrimitive()) {
            return true;
        }
        Annotation[] annotations = type.getCtxAnnotations();
        return annotations != null && Arrays.stream(annotations).map(a -> a.annotationType().getSimpleName())
                .anyMatch(name -> name.equals("NotNull") || name.equals("NotBlank") || name.equals("NotEmpty"));
    }

    @Override
    public void customise(OpenAPI api) {
        api.info(new Info().title(title).description(description).version(versionOf(api)));
        api.getComponents()
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API key issued by registry-service (POST /api/accounts/{accountId}/api-keys),"
                                + " sent as 'Authorization: Bearer <key>'"))
                .addSchemas(PROBLEM, problemSchema());
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            operation.setResponses(responses);
            // springdoc writes the advice's handlers as ProblemDetail in the request's media types; say what is sent.
            responses.entrySet().removeIf(response -> isError(response.getKey()));
            if (operation.getSecurity() != null && operation.getSecurity().stream().anyMatch(s -> s.containsKey(BEARER))) {
                responses.addApiResponse("401", problem("No key, or an unknown or revoked key"));
                responses.addApiResponse("403", problem("The key's account or role may not do this"));
            }
            responses.addApiResponse("default", problem("Any other refusal or failure, as an RFC 9457 problem"));
        }));
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5") || status.equals("default");
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    /** RFC 9457 section 3: the members every problem here may have; extension members are allowed. */
    private static Schema<?> problemSchema() {
        Schema<?> schema = new Schema<>().types(Set.of("object")).description("RFC 9457 problem details");
        schema.setProperties(new LinkedHashMap<>(Map.of(
                "type", new Schema<>().types(Set.of("string")).format("uri-reference"),
                "title", new Schema<>().types(Set.of("string")),
                "status", new Schema<>().types(Set.of("integer")).minimum(BigDecimal.valueOf(100))
                        .maximum(BigDecimal.valueOf(599)),
                "detail", new Schema<>().types(Set.of("string")),
                "instance", new Schema<>().types(Set.of("string")).format("uri-reference"))));
        schema.setRequired(List.of("status"));
        return schema;
    }

    private static String versionOf(OpenAPI api) {
        return api.getInfo() != null && api.getInfo().getVersion() != null ? api.getInfo().getVersion() : "v1";
    }
}
