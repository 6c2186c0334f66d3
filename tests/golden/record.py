"""Record CLI outputs on the sample article before the redesign."""
import os
import sys
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"]="1"
tmp = Path(tempfile.mkdtemp())
os.environ["DRAGOMAN_MODELS"]=str(tmp/"models"); os.environ["DRAGOMAN_LIBRARY"]=str(tmp/"lib.sqlite"); os.environ["DRAGOMAN_CONFIG"]=str(tmp/"cfg")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.core.test_cli_golden import CASES, build_model, run_case

model = build_model(tmp)
out = Path(__file__).resolve().parent
for name, argv in CASES.items():
    text = run_case(argv, tmp, model)
    (out / name).write_text(text, encoding="utf-8")
    print(name, len(text))
