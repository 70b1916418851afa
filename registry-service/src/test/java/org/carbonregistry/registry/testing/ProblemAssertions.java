package org.carbonregistry.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal must be an RFC 9457 problem document whose {@code detail} tells the caller what was wrong. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /**
     * @param detailFragments words the detail must contain (case-insensitive), so that it is useful, not generic
     */
    public static Api.Response assertProblem(Api.Response response, int status, String... detailFragments) {
        assertThat(response.status()).as("HTTP status of %s", response.body()).isEqualTo(status);
        assertThat(response.contentType()).as("content type of a %s", status).startsWith("application/problem+json");
        assertThat(response.body()).as("problem body").isNotNull();
        assertThat(response.body().path("status").asInt()).as("problem status").isEqualTo(status);
        assertThat(response.detail()).as("problem detail").isNotBlank();
        for (String fragment : detailFragments) {
            assertThat(response.detail()).as("problem detail").containsIgnoringCase(fragment);
        }
        return response;
    }
}
