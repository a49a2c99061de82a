// The board's only script besides htmx: print, copy a link, and focus after page swaps. No business rules.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var print = target.closest('[data-print]');
    if (print) {
      event.preventDefault();
      window.print();
      return;
    }
    var copy = target.closest('[data-copy]');
    if (copy) {
      event.preventDefault();
      var source = document.getElementById(copy.getAttribute('data-copy'));
      var status = document.getElementById(copy.getAttribute('data-copy') + '-status');
      if (!source) return;
      var done = function () {
        if (status) status.textContent = copy.getAttribute('data-copied') || '';
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, function () {
          source.select();
        });
      } else {
        source.select();
        try {
          document.execCommand('copy');
          done();
        } catch (_e) {
          /* the text stays selected for the user to copy */
        }
      }
    }
  });
  // htmx swaps the body of a boosted page but not <html lang>: carry the new page's language over, so a screen
  // reader pronounces a bokmål ward in bokmål after coming from an English one.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var xhr = event.detail && event.detail.xhr;
    var match = xhr && /<html[^>]*\slang="([a-z-]+)"/i.exec(xhr.responseText || '');
    if (match) document.documentElement.lang = match[1];
  });
  // After htmx swaps the page body (boosted links and forms), move focus to the main content so keyboard and
  // screen-reader users land where the new content is.
  document.addEventListener('htmx:afterSettle', function () {
    var alert = document.querySelector('[role="alert"]');
    var main = document.getElementById('main');
    if (alert instanceof HTMLElement) {
      alert.setAttribute('tabindex', '-1');
      alert.focus();
    } else if (main) main.focus({ preventScroll: true });
  });
})();
