"""Answer evals: a golden question set run through the real pipeline, scored offline, reported for maintainers.

golden.py   the golden set, judge labels and thresholds: YAML in evals/, validated on load
judge.py    the offline sentence judge: MiniLM similarity AND exact checks (numbers, ranges, titles)
metrics.py  retrieval (hit@k, MRR, nDCG, recall) and answer metrics (correctness, groundedness, ALCE citations)
llm_judge.py  optional RAGAS-style faithfulness / answer relevancy with any langchain chat model
runner.py   runs the cases through Advisor.ask and the naive baseline, scores them
report.py   terminal table, report.json / report.md / report.html, --compare, --check
"""
