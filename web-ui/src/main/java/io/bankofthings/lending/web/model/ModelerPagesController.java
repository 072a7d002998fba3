package io.bankofthings.lending.web.model;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Modeler pages: the list of models, and the BPMN or DMN editor for one of them. */
@Controller
@PreAuthorize("hasAnyRole('analyst','admin')")
class ModelerPagesController {

    private final ModelService models;

    ModelerPagesController(ModelService models) {
        this.models = models;
    }

    @GetMapping("/modeler")
    String list(Model model) {
        model.addAttribute("models", models.list());
        return "modeler/list";
    }

    @GetMapping("/modeler/{name}")
    String edit(@PathVariable String name, Model model) {
        var modelName = ModelName.of(name);
        models.open(modelName);
        model.addAttribute("model", modelName);
        return "modeler/edit";
    }
}
