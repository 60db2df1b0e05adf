// Import progress: polls the import's state every two seconds, moves the bar, and reloads the
// page once checking or writing is over. Without JavaScript the page offers a refresh link.
(function () {
    "use strict";
    const panel = document.querySelector("[data-import-status]");
    if (!panel) {
        return;
    }
    const bar = panel.querySelector("progress");
    const message = panel.querySelector("[data-import-message]");
    const initial = panel.dataset.importState;

    async function poll() {
        try {
            const response = await fetch(panel.dataset.importStatus, { headers: { Accept: "application/json" } });
            if (response.ok) {
                const state = await response.json();
                if (state.status !== initial) {
                    window.location.reload();
                    return;
                }
                if (state.status === "analysing") {
                    bar.value = state.percent;
                    bar.textContent = state.percent + " %";
                    message.textContent = message.textContent.replace(/^\s*\d+/, String(state.processed));
                }
            }
        } catch (error) {
            // A network hiccup: try again at the next tick.
        }
        window.setTimeout(poll, 2000);
    }
    window.setTimeout(poll, 2000);
})();
