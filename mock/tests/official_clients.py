#!/usr/bin/env python3
"""Talks to the mock with the official `openai` and `ollama` Python packages, unmodified.
Usage: official_clients.py BASE_URL. Installs the packages from PyPI when missing.
Prints one line per check and exits non-zero on the first failure."""
import base64
import importlib
import site
import subprocess
import sys


def need(*packages):
    missing = []
    for p in packages:
        try:
            importlib.import_module(p)
        except ImportError:
            missing.append(p)
    if missing:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--user", *missing], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        site.addsitedir(site.getusersitepackages())
        importlib.invalidate_caches()


need("openai", "ollama")
import ollama  # noqa: E402
import openai  # noqa: E402

base = sys.argv[1]
client = openai.OpenAI(api_key="sk-test-0001", base_url=f"{base}/v1", max_retries=0)

img = client.images.generate(model="gpt-image-1", prompt="0001 a red fox at dawn", size="1024x1024", quality="low")
png = base64.b64decode(img.data[0].b64_json)
assert png[:8] == b"\x89PNG\r\n\x1a\n", "gpt-image returns a PNG in b64_json"
assert img.usage.total_tokens > 0
print("openai images.generate (gpt-image-1, b64_json): ok")

legacy = client.images.generate(model="dall-e-3", prompt="0001 a lighthouse", size="1024x1024")
assert legacy.data[0].url.startswith(base) and legacy.data[0].revised_prompt
print("openai images.generate (dall-e-3, url + revised_prompt): ok")

try:
    client.images.generate(model="gpt-image-1", prompt="0002 anything")
    raise SystemExit("0002 should fail")
except openai.AuthenticationError as e:
    assert e.status_code == 401 and e.code == "invalid_api_key"
    print("openai 0002 -> AuthenticationError(invalid_api_key): ok")

chat = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "0001 hello"}])
assert chat.choices[0].message.content.startswith("Mock reply:")
print("openai chat.completions.create: ok")

stream = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "0001 stream"}], stream=True)
text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
assert text.startswith("Mock reply:"), text
print("openai chat.completions.create(stream=True): ok")

# The final usage chunk (no choices) that stream_options.include_usage asks for.
chunks = list(client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "0001 count me"}], stream=True, stream_options={"include_usage": True}))
assert chunks[-1].choices == [] and chunks[-1].usage.prompt_tokens > 0 and chunks[-1].usage.completion_tokens > 0, chunks[-1]
assert all(c.usage is None for c in chunks[:-1])
print("openai stream include_usage: ok")
try:
    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "abcdefghi " * 50_000}])
    raise SystemExit("an oversized prompt should fail")
except openai.BadRequestError as e:
    assert e.code == "context_length_exceeded", e
    print("openai context_length_exceeded: ok")
try:
    list(client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "0003 fail midway"}], stream=True))
    raise SystemExit("0003 should fail mid-stream")
except openai.APIError as e:
    print("openai 0003 mid-stream error: ok")

o = ollama.Client(host=base)
names = [m.model for m in o.list().models]
assert "llama3.2:latest" in names, names
print("ollama list: ok")
info = o.show("llama3.2")
assert info.modelinfo["llama.context_length"] == 131072
print("ollama show: ok")
reply = o.chat(model="llama3.2", messages=[{"role": "user", "content": "0001 hi"}])
assert reply.message.content.startswith("Mock reply:")
print("ollama chat: ok")
parts = list(o.chat(model="llama3.2", messages=[{"role": "user", "content": "0001 hi"}], stream=True))
assert parts[-1].done and "".join(p.message.content for p in parts).startswith("Mock reply:")
print("ollama chat(stream=True): ok")

# A prompt over num_ctx: whole messages dropped from the front, system and last kept, and a
# prompt_eval_count that shows it; without num_ctx the server's default window applies.
system = {"role": "system", "content": "You are terse."}
history = [{"role": "user", "content": "abcdef " * 300}, {"role": "assistant", "content": "abcdef " * 300}]
last = {"role": "user", "content": "0001 and now?"}
whole = o.chat(model="llama3.2", messages=[system, *history, last], options={"num_ctx": 8192})
cut = o.chat(model="llama3.2", messages=[system, *history, last], options={"num_ctx": 700})
assert cut.prompt_eval_count < whole.prompt_eval_count and cut.prompt_eval_count < 700, (whole.prompt_eval_count, cut.prompt_eval_count)
default = o.chat(model="llama3.2", messages=[{"role": "user", "content": "abcdef " * 5000}])
assert default.prompt_eval_count == 4096, default.prompt_eval_count
print("ollama num_ctx window: ok")
short = o.chat(model="llama3.2", messages=[{"role": "user", "content": "long:50"}], options={"num_predict": 10})
assert short.done_reason == "length" and short.eval_count <= 10, short
print("ollama num_predict: ok")
try:
    list(o.chat(model="llama3.2", messages=[{"role": "user", "content": "0003 fail midway"}], stream=True))
    raise SystemExit("0003 should fail mid-stream")
except ollama.ResponseError as e:
    print("ollama 0003 mid-stream error: ok")
try:
    o.chat(model="missing-model", messages=[{"role": "user", "content": "x"}])
    raise SystemExit("unknown model should fail")
except ollama.ResponseError as e:
    assert e.status_code == 404
    print("ollama unknown model -> ResponseError(404): ok")
