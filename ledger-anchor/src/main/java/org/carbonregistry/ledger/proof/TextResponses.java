package org.carbonregistry.ledger.proof;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Signed notes and keys as text/plain in UTF-8: the signature lines start with an em dash. */
final class TextResponses {

    static final MediaType TEXT_UTF8 = MediaType.parseMediaType("text/plain;charset=UTF-8");

    private TextResponses() {
    }

    static ResponseEntity<String> text(String body) {
        return ResponseEntity.ok().contentType(TEXT_UTF8).body(body);
    }

    static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
