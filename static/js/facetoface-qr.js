// The trainer's QR code of a slot: its token changes every five minutes, so the page fetches
// itself every minute and swaps in the new code. It stops if the answer is not the page (signed
// out, slot over). Without JavaScript the page offers a link to load the current code.
(function () {
    "use strict";
    const holder = document.querySelector("[data-presence-qr]");
    if (!holder) {
        return;
    }
    async function refresh() {
        try {
            const response = await fetch(window.location.href, { redirect: "manual" });
            if (!response.ok) {
                return;
            }
            const page = new DOMParser().parseFromString(await response.text(), "text/html");
            const fresh = page.querySelector("[data-presence-qr]");
            if (!fresh) {
                return;
            }
            holder.innerHTML = fresh.innerHTML;
        } catch (error) {
            // a network hiccup: the next minute tries again
        }
        window.setTimeout(refresh, 60000);
    }
    window.setTimeout(refresh, 60000);
})();
