package org.carbonregistry.registry.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.carbonregistry.access.ApiDocumentation;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

@RestController
class ApiKeyController {

    private final ApiKeys apiKeys;

    ApiKeyController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    record CreateKeyRequest(@NotNull Role role) {
    }

    /**
     * The key is in this response and nowhere else: only its hash is stored. So a retry with the same
     * {@code Idempotency-Key} cannot hand the key out again; it is refused and names the key already created.
     */
    @PostMapping("/api/accounts/{accountId}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<ApiKeys.IssuedKey> create(@AuthenticationPrincipal Caller caller, @PathVariable String accountId,
                                             @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                             @Valid @RequestBody CreateKeyRequest request) {
        IdempotentRequest idempotency = IdempotentRequest.of(key, "POST /api/accounts/" + accountId + "/api-keys",
                String.valueOf(request.role()));
        return ResponseEntity.status(HttpStatus.CREATED).body(apiKeys.issue(caller, accountId, request.role(), idempotency));
    }

    @DeleteMapping("/api/accounts/{accountId}/api-keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String accountId,
                                @PathVariable String keyId) {
        apiKeys.revoke(caller, accountId, keyId);
        return ResponseEntity.noContent().build();
    }

    record OwnKey(String accountId, Role role, String keyId) {
    }

    /** RFC 7662: an inactive token's answer is {@code {"active": false}} and nothing else. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Introspection(boolean active, String accountId, Role role, String keyId) {
    }

    /** The caller's own key: its account and role. The console asks this; it needs no SERVICE key. */
    @GetMapping("/api/auth/key")
    OwnKey ownKey(@AuthenticationPrincipal Caller caller) {
        return new OwnKey(caller.accountId(), caller.role(), caller.keyId());
    }

    /**
     * RFC 7662-style token introspection, for the other services: they never see key material at rest. Only a
     * SERVICE key may ask (section 2.1), so nobody can test guessed keys here; the security chain enforces it.
     */
    @PostMapping(path = "/api/auth/introspect", consumes = "application/x-www-form-urlencoded")
    @SecurityRequirement(name = ApiDocumentation.BEARER)
    Introspection introspect(@RequestParam(name = "token", required = false) String token) {
        return (token == null ? Optional.<Caller>empty() : apiKeys.authenticate(token))
                .map(c -> new Introspection(true, c.accountId(), c.role(), c.keyId()))
                .orElse(new Introspection(false, null, null, null));
    }
}
