/// The one script: progressive enhancement only, every page works without it.
/// Wired to `data-*` attributes, never to inline handlers (the CSP forbids them).
enum Script {
    static let js = """
    (function () {
      function each(selector, f) { Array.prototype.forEach.call(document.querySelectorAll(selector), f); }

      // Buttons that ask first.
      document.addEventListener('submit', function (e) {
        var b = e.submitter; var msg = b && b.getAttribute('data-confirm');
        if (msg && !window.confirm(msg)) { e.preventDefault(); }
      });
      // A form that uploads photos is sent once: a second tap while a slow phone uploads would report twice.
      each('form[data-once]', function (form) {
        form.addEventListener('submit', function (e) {
          if (form.getAttribute('data-sent')) { e.preventDefault(); return; }
          form.setAttribute('data-sent', '1');
        });
      });
      window.addEventListener('pageshow', function () { each('form[data-sent]', function (f) { f.removeAttribute('data-sent'); }); });
      each('[data-autosubmit]', function (el) { el.addEventListener('change', function () { el.form.submit(); }); });
      each('[data-print]', function (el) { el.addEventListener('click', function () { window.print(); }); });
      each('a[data-back]', function (el) {
        if (window.history.length > 1) el.addEventListener('click', function (e) { e.preventDefault(); window.history.back(); });
      });

      // A refused form: move to its list of problems so it is read out.
      var problems = document.getElementById('form-problems');
      if (problems) problems.focus();

      // The signature pad: draw with a finger or mouse, or type a name; the
      // hidden field holds a PNG. A signature sent back after a refusal is drawn again.
      each('canvas.sig', function (canvas) {
        var input = document.getElementById(canvas.getAttribute('data-input'));
        var ctx = canvas.getContext('2d'); var drawing = false;
        function fit() { var r = canvas.getBoundingClientRect(); canvas.width = r.width; canvas.height = r.height; ctx.lineWidth = 2.5; ctx.lineCap = 'round'; ctx.strokeStyle = '#111'; }
        fit();
        if (input.value) { var img = new Image(); img.onload = function () { ctx.drawImage(img, 0, 0, canvas.width, canvas.height); }; img.src = input.value; }
        function pos(e) { var r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
        canvas.addEventListener('pointerdown', function (e) { drawing = true; canvas.setPointerCapture(e.pointerId); var p = pos(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]); });
        canvas.addEventListener('pointermove', function (e) { if (!drawing) return; var p = pos(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); });
        canvas.addEventListener('pointerup', function () { drawing = false; input.value = canvas.toDataURL('image/png'); });
        function clear() { ctx.clearRect(0, 0, canvas.width, canvas.height); input.value = ''; }
        each('[data-clear="' + canvas.id + '"]', function (b) { b.addEventListener('click', function (e) { e.preventDefault(); clear(); }); });
        each('[data-typed-for="' + canvas.id + '"]', function (typed) {
          typed.addEventListener('input', function () {
            clear();
            if (!typed.value.trim()) return;
            ctx.font = '36px "Noto Sans CJK SC", "PingFang SC", sans-serif'; ctx.fillStyle = '#111'; ctx.textBaseline = 'middle';
            ctx.fillText(typed.value.trim(), 16, canvas.height / 2, canvas.width - 32);
            input.value = canvas.toDataURL('image/png');
          });
        });
      });

      // Staff or outsider: show the fields of the chosen kind.
      each('[data-borrower-kind]', function (radio) {
        function sync() {
          var chosen = document.querySelector('[data-borrower-kind]:checked');
          each('[data-for-kind]', function (el) { el.hidden = chosen && el.getAttribute('data-for-kind') !== chosen.value; });
        }
        radio.addEventListener('change', sync); sync();
      });

      // A note is required when the key comes back damaged (KY-4).
      each('[data-requires-note]', function (radio) {
        function sync() {
          var chosen = radio.form.querySelector('[name="' + radio.name + '"]:checked');
          var note = radio.form.querySelector('[name="note"]');
          if (note) note.required = !!chosen && chosen.value === radio.getAttribute('data-requires-note');
        }
        radio.addEventListener('change', sync); sync();
      });

      // Find a colleague in a long list: by name or pinyin initials.
      each('[data-filter-for]', function (box) {
        var select = document.getElementById(box.getAttribute('data-filter-for'));
        if (!select) return;
        box.addEventListener('input', function () {
          var q = box.value.trim().toLowerCase();
          Array.prototype.forEach.call(select.options, function (o) {
            if (!o.value) return;
            var text = (o.textContent + ' ' + (o.getAttribute('data-pinyin') || '')).toLowerCase();
            o.hidden = q !== '' && text.indexOf(q) < 0;
          });
        });
      });
    })();
    """
}
