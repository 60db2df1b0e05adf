// /mon-espace/ while an attestation is being prepared: asks for the attestations section again
// and swaps it in when an attestation or its PDF is ready, so that the download appears without
// a reload. Slows down while nothing changes and gives up after a while; it stops if the answer
// is not the expected JSON (a signed-out session). Without JavaScript the text says to come back.
(function () {
    "use strict";
    let section = document.querySelector("[data-certificates-status]");
    if (!section) {
        return;
    }
    const url = section.dataset.certificatesStatus;
    let shown = section.dataset.certificatesState;
    let delay = 2000;
    let waited = 0;

    function swap(html) {
        const fresh = new DOMParser().parseFromString(html, "text/html").querySelector("section");
        if (fresh) {
            section.replaceWith(fresh);
            section = fresh;
        }
    }

    async function poll() {
        let state = null;
        try {
            const response = await fetch(url, { headers: { Accept: "application/json" }, redirect: "manual" });
            const type = response.headers.get("Content-Type") || "";
            if (response.status >= 500) {
                state = null; // the server had a hiccup: try again later
            } else if (!response.ok || !type.startsWith("application/json")) {
                return; // signed out or gone: the page's text remains
            } else {
                state = await response.json();
            }
        } catch (error) {
            state = null; // a network hiccup: try again later
        }
        if (state && state.state !== shown) {
            shown = state.state;
            swap(state.html);
            delay = 2000;
        } else {
            delay = Math.min(delay * 1.5, 30000);
        }
        if (state && state.pending === 0) {
            return; // everything is ready
        }
        waited += delay;
        if (waited < 15 * 60 * 1000) {
            window.setTimeout(poll, delay);
        }
    }
    window.setTimeout(poll, delay);
})();
