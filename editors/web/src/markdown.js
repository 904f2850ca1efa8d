// The little Markdown the checker writes (rule documentation, hovers): headings, paragraphs,
// fenced code, lists, rules, `code`, **bold**, *italic*. Everything is escaped first: a hover
// quotes the report's own text.

const escape = (s) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

// Hard-wrapped lines of a paragraph joined: no space between two Chinese characters, a space
// elsewhere.
const wide = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d]/;
function join(lines) {
  return lines.reduce((acc, l) =>
    !acc ? l : acc + (wide.test(acc.at(-1)) && wide.test(l[0]) ? "" : " ") + l, "");
}

function inline(s) {
  // Code spans first, so that nothing inside them is read as emphasis.
  return escape(s)
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith("`") && part.endsWith("`") && part.length >= 2
        ? `<code>${part.slice(1, -1)}</code>`
        : part
            .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
            .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>"),
    )
    .join("");
}

export function markdown(src) {
  const out = [];
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  let para = [];
  let list = null;
  const flush = () => {
    if (para.length) out.push(`<p>${inline(join(para))}</p>`);
    para = [];
    if (list) out.push(`<ul>${list.map((li) => `<li>${inline(li)}</li>`).join("")}</ul>`);
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*```/);
    if (fence) {
      flush();
      const code = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
      out.push(`<pre><code>${escape(code.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      flush();
      const level = Math.min(6, heading[1].length + 2);
      out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
      continue;
    }
    if (/^\s*(---+|\*\*\*+)\s*$/.test(line)) {
      flush();
      out.push("<hr>");
      continue;
    }
    const item = line.match(/^\s*[-*]\s+(.*)$/);
    if (item) {
      if (para.length) {
        const p = para;
        para = [];
        out.push(`<p>${inline(join(p))}</p>`);
      }
      (list ??= []).push(item[1]);
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    if (list) flush();
    para.push(line.trim());
  }
  flush();
  return out.join("");
}
