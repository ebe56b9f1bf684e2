/**
 * /f/<ref>/embed.js: a business pastes
 *   <script src="https://duly.example/f/<ref>/embed.js" data-form="order" data-lang="lv" async></script>
 * into its site, and the script puts the form's iframe where the tag stands. The iframe's origin
 * is this server's (taken from the script's own URL, so it works behind any proxy name); the
 * frame grows to the form's height, which the form page posts to its parent. Only messages from
 * that very frame and origin are believed.
 */
export function embedScript(input: { ref: string; title: string; defaultForm: string }): string {
  const config = JSON.stringify(input).replace(/</g, '\\u003c');
  return `(function () {
  var c = ${config};
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var form = script.getAttribute('data-form') || c.defaultForm;
  var lang = script.getAttribute('data-lang');
  var frame = document.createElement('iframe');
  frame.src = origin + '/f/' + encodeURIComponent(c.ref) + '/' + encodeURIComponent(form) + '?embed=1' + (lang ? '&lang=' + encodeURIComponent(lang) : '');
  frame.title = c.title;
  frame.loading = 'lazy';
  frame.style.cssText = 'display:block;width:100%;max-width:40rem;height:640px;border:0';
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    var data = event.data;
    if (data && data.type === 'duly-form-height' && typeof data.height === 'number') frame.style.height = Math.ceil(data.height) + 'px';
  });
})();
`;
}
