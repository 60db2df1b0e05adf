// Hides a survey question while the earlier answer it depends on (in the same section) does not
// call for it. Without this script every question shows with its "Seulement si…" hint, and the
// server ignores the answers of a hidden question: the form works the same without JavaScript.
(function () {
    "use strict";
    var form = document.querySelector("[data-survey-form]");
    if (!form) {
        return;
    }
    var dependants = form.querySelectorAll("[data-condition-key]");

    function answersOf(key) {
        var values = [];
        form.querySelectorAll("[name='" + key + "']").forEach(function (input) {
            if (input.closest("[hidden]")) {
                return;  // a hidden question's answer does not count, as on the server
            }
            if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value.trim() !== "") {
                values.push(input.value.trim());
            }
        });
        return values;
    }

    function update() {
        dependants.forEach(function (block) {
            var values = answersOf(block.dataset.conditionKey);
            var wanted = block.dataset.conditionValue;
            var shown = block.dataset.conditionOperator === "includes" ? values.indexOf(wanted) !== -1 : values.length === 1 && values[0] === wanted;
            block.hidden = !shown;
        });
    }

    form.addEventListener("change", update);
    update();
}());
