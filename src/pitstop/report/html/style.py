# ruff: noqa: E501
"""The page's inline CSS and script (no CDN: the report works offline, from a file)."""

from __future__ import annotations

CSS = """
:root{--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--dim:#6e7781;--line:#d0d7de}
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#1f2328}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid var(--line)}
.muted{color:var(--dim)}.success{color:var(--ok)}.failure{color:var(--bad)}
.cancelled,.unverified{color:var(--warn)}.skipped{color:var(--dim)}
.banner{border:2px solid var(--warn);background:#fff8c5;padding:8px 12px;border-radius:6px}
.graph{display:flex;gap:24px;overflow-x:auto}.column{display:flex;flex-direction:column;gap:8px}
.card{border:1px solid var(--line);border-left:4px solid var(--dim);border-radius:6px;padding:6px 10px;min-width:160px}
.card.success{border-left-color:var(--ok)}.card.failure{border-left-color:var(--bad)}
.card.cancelled{border-left-color:var(--warn)}.card a{color:inherit;font-weight:600}
.timeline .row{display:flex;align-items:center;height:18px}
.timeline .label{width:280px;flex:none;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;font-size:12px}
.timeline .track{position:relative;flex:1;height:12px;background:#f6f8fa}
.timeline .bar{position:absolute;height:12px;min-width:2px;background:var(--dim)}
.timeline .bar.success{background:var(--ok)}.timeline .bar.failure{background:var(--bad)}
.timeline .bar.cancelled{background:var(--warn)}.timeline .step .bar{opacity:.55}
.timeline .step .label{padding-left:16px}
table{border-collapse:collapse}td,th{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
details.job{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:4px 8px}
details.job>summary{font-weight:600;cursor:pointer}details.step{margin:2px 0 2px 12px}
.log{background:#0d1117;color:#e6edf3;font:12px/1.4 ui-monospace,monospace;padding:4px 0;overflow-x:auto}
.log .line{white-space:pre;padding:0 8px}.log .ln{color:#6e7681;display:inline-block;width:44px;text-decoration:none}
.log .line.error{background:#4a1d1d}.log .line.warning{background:#3d3214}.log .line.notice{background:#132a3d}
.log .line:target{outline:2px solid #f0b72f}.log details.group>summary{color:#9da7b3;padding:0 8px;cursor:pointer}
pre.detail{white-space:pre-wrap;background:#f6f8fa;padding:6px;margin:4px 0}
.ansi-bold{font-weight:700}.ansi-fg-black{color:#6e7681}.ansi-fg-red{color:#ff7b72}
.ansi-fg-green{color:#3fb950}.ansi-fg-yellow{color:#d29922}.ansi-fg-blue{color:#58a6ff}
.ansi-fg-magenta{color:#bc8cff}.ansi-fg-cyan{color:#39c5cf}.ansi-fg-white{color:#e6edf3}
.bad{color:var(--bad);font-weight:600}
"""

# Errors are recorded on <body> (data-report-errors) so that a test in a browser can see them;
# a link to a log line opens the folded sections around it.
EARLY_SCRIPT = """
window.__reportErrors=[];
window.addEventListener('error',function(e){window.__reportErrors.push(String(e.message));
if(document.body){document.body.setAttribute('data-report-errors',window.__reportErrors.join(' | '));}});
"""

SCRIPT = """
(function(){
function openAround(el){while(el){if(el.tagName==='DETAILS'){el.open=true;}el=el.parentElement;}}
function show(){var id=decodeURIComponent(location.hash.slice(1));if(!id){return;}
var el=document.getElementById(id);if(el){openAround(el);el.scrollIntoView({block:'center'});}}
window.addEventListener('hashchange',show);show();
if(window.__reportErrors.length){document.body.setAttribute('data-report-errors',window.__reportErrors.join(' | '));}
document.body.setAttribute('data-report-ready','yes');
})();
"""
