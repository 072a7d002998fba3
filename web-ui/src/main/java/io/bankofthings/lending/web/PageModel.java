package io.bankofthings.lending.web;

import io.bankofthings.lending.identity.CurrentUser;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Adds the logged-in user to every page's model: as {@code currentUser} (null when nobody is logged in) and as the
 * {@link Viewer}, whose roles decide which navigation entries the layout shows.
 */
@ControllerAdvice(annotations = Controller.class)
class PageModel {

    @ModelAttribute("currentUser")
    CurrentUser currentUser(Authentication authentication) {
        return CurrentUser.of(authentication).orElse(null);
    }

    @ModelAttribute("viewer")
    Viewer viewer(Authentication authentication) {
        return Viewer.of(authentication);
    }
}
