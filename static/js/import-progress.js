// Import progress: polls the import's state, moves the bar, and reloads the page once checking
// or writing is over. It stops if the answer is not the expected JSON (a signed-out session)
// and slows down while nothing changes. Without JavaScript the page offers a refresh link.
(function () {
    "use strict";
    const panel = document.querySelector("[data-import-status]");
    if (!panel) {
        return;
    }
    const bar = panel.querySelector("progress");
    const message = panel.querySelector("[data-import-message]");
    const initial = panel.dataset.importState;
    let delay = 2000;
    let last = null;

    async function poll() {
        let state;
        try {
            const response = await fetch(panel.dataset.importStatus, {
                headers: { Accept: "application/json" },
                redirect: "manual",
            });
            const type = response.headers.get("Content-Type") || "";
            if (!response.ok || !type.startsWith("application/json")) {
                return; // signed out or gone: the refresh link remains
            }
            state = await response.json();
        } catch (error) {
            state = null; // a network hiccup: try again later
        }
        if (state) {
            if (state.status !== initial) {
                window.location.reload();
                return;
            }
            if (state.status === "analysing" && state.processed !== last) {
                last = state.processed;
                delay = 2000;
                bar.value = state.percent;
                bar.textContent = state.percent + " %";
                message.textContent = state.message;
            } else {
                delay = Math.min(delay * 1.5, 15000);
            }
        }
        window.setTimeout(poll, delay);
    }
    window.setTimeout(poll, delay);
})();
