package io.bankofthings.lending.identity;

import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Endpoints that exist only to probe the filter chains and method security in tests. */
@RestController
class ProbeController {

    @GetMapping("/api/probe/borrower")
    @PreAuthorize("hasRole('borrower')")
    Map<String, Object> borrowerApi(CurrentUser user) {
        return Map.of("id", user.id(), "username", user.username(), "roles", user.roles());
    }

    @PostMapping("/api/probe/borrower")
    @PreAuthorize("hasRole('borrower')")
    Map<String, Object> borrowerApiPost(CurrentUser user) {
        return Map.of("username", user.username());
    }

    @GetMapping("/api/probe/any")
    Map<String, Object> anyApi(CurrentUser user) {
        return Map.of("username", user.username());
    }

    @GetMapping("/pages/probe")
    String page(CurrentUser user) {
        return "page for " + user.username() + " " + user.roles();
    }

    @GetMapping("/pages/probe/underwriter")
    @PreAuthorize("hasRole('underwriter')")
    String underwriterPage(CurrentUser user) {
        return "underwriter page for " + user.username();
    }

    @PostMapping("/ingest/acme")
    String ingestAs(java.security.Principal platform) {
        return "ingested from " + platform.getName();
    }

    @GetMapping("/ingest/probe")
    String ingest() {
        return "ingested";
    }
}
