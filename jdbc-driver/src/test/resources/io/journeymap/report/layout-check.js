// Added to the test's copy of the report only (the report itself has no script). Measures, as
// the browser laid the page out, whether any chart or table is wider than the page, and whether
// any chart text falls outside its chart's viewBox; writes the result into the page as JSON.
(function () {
  var width = document.documentElement.clientWidth;
  var out = {width: width, pageScrollWidth: document.documentElement.scrollWidth,
    overflowing: [], texts: [], svgs: 0, svgElements: 0, tables: 0, sections: []};
  var sections = document.querySelectorAll('section');
  for (var s = 0; s < sections.length; s++) {
    out.sections.push(sections[s].id);
  }
  var elements = document.querySelectorAll('svg, table');
  for (var i = 0; i < elements.length; i++) {
    var e = elements[i];
    var svg = e.tagName.toLowerCase() === 'svg';
    var name = e.tagName.toLowerCase() + ' in #' + (e.id || (e.parentNode && e.parentNode.id)
        || i);
    var box = e.getBoundingClientRect();
    if (svg) {
      out.svgs++;
      if (e instanceof SVGSVGElement) {
        out.svgElements++;
      }
    } else {
      out.tables++;
    }
    if (e.scrollWidth > width || box.right > width + 0.5 || box.left < -0.5) {
      out.overflowing.push(name + ': right ' + box.right + ', scrollWidth ' + e.scrollWidth
          + ', page ' + width);
    }
    if (svg && e.viewBox && e.viewBox.baseVal) {
      var vb = e.viewBox.baseVal;
      var texts = e.querySelectorAll('text');
      for (var j = 0; j < texts.length; j++) {
        var b = texts[j].getBBox();
        if (b.x < vb.x - 1 || b.y < vb.y - 1 || b.x + b.width > vb.x + vb.width + 1
            || b.y + b.height > vb.y + vb.height + 1) {
          out.texts.push(name + ': "' + texts[j].textContent.slice(0, 80) + '" at '
              + [b.x, b.y, b.width, b.height].map(Math.round).join(',') + ' in '
              + [vb.width, vb.height].join('x'));
        }
      }
    }
  }
  var pre = document.createElement('pre');
  pre.id = 'layout-check';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
