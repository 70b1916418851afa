package org.carbonregistry.registry.account;

import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.rules.CommandRefused;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A claim's statement and a plan's note with the salt of the commitment the log carries, for the account (and
 * administrators and auditors): with both, anyone it is shown to can check it against the event.
 */
@RestController
class AccountTextController {

    private final AccountTexts texts;

    AccountTextController(AccountTexts texts) {
        this.texts = texts;
    }

    record TextResponse(String id, String accountId, String text, String salt) {
    }

    @GetMapping("/api/accounts/{accountId}/claims/{claimId}/statement")
    @Transactional(readOnly = true)
    TextResponse statement(@AuthenticationPrincipal Caller caller, @PathVariable String accountId,
                           @PathVariable String claimId) {
        return text(caller, accountId, claimId, "claim");
    }

    @GetMapping("/api/accounts/{accountId}/retirement-plans/{planId}/note")
    @Transactional(readOnly = true)
    TextResponse note(@AuthenticationPrincipal Caller caller, @PathVariable String accountId,
                      @PathVariable String planId) {
        return text(caller, accountId, planId, "retirement plan");
    }

    private TextResponse text(Caller caller, String accountId, String id, String what) {
        caller.requireCanRead(accountId);
        AccountText text = texts.find(accountId, id).orElseThrow(() -> CommandRefused.notFound(
                "account " + accountId + " has no " + what + " " + id + " with a text"));
        return new TextResponse(id, accountId, text.text(), text.salt());
    }
}
