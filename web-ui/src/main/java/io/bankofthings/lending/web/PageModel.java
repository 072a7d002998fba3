package io.bankofthings.lending.web;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Adds the {@link Viewer} to every page, so the layout shows the user and the navigation of their roles. */
@ControllerAdvice(annotations = Controller.class)
class PageModel {

    @ModelAttribute("viewer")
    Viewer viewer(Authentication authentication) {
        return Viewer.of(authentication);
    }
}
