"""Opens each .docx given in LibreOffice, accepts every tracked change and, in a second copy,
rejects every one, through LibreOffice's own commands (.uno:AcceptAllTrackedChanges and
.uno:RejectAllTrackedChanges); prints, as JSON, the paragraphs and footnotes each copy then
holds, and whether any tracked change is left.

Usage: python3 libreoffice_accept.py PROFILE-DIRECTORY DOCX...
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def hidden():
    value = PropertyValue()
    value.Name, value.Value = "Hidden", True
    return (value,)


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            return resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not answer on pipe " + pipe)


def read(doc):
    paragraphs = []
    items = doc.Text.createEnumeration()
    while items.hasMoreElements():
        item = items.nextElement()
        if item.supportsService("com.sun.star.text.Paragraph"):
            paragraphs.append(item.getString())
    notes = doc.Footnotes
    return {
        "paragraphs": paragraphs,
        "footnotes": [notes.getByIndex(i).getString() for i in range(notes.getCount())],
        "changes_left": doc.getRedlines().createEnumeration().hasMoreElements(),
    }


def main():
    profile, documents = sys.argv[1], sys.argv[2:]
    pipe = "redline_test_%d" % os.getpid()
    office = subprocess.Popen([
        "soffice", "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
        "--headless", "--invisible", "--norestore", "--accept=pipe,name=%s;urp;" % pipe,
    ])
    try:
        context = connect(pipe)
        services = context.ServiceManager
        desktop = services.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = services.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", context)
        out = {}
        for path in documents:
            out[path] = {}
            for choice, command in [("accept", ".uno:AcceptAllTrackedChanges"),
                                    ("reject", ".uno:RejectAllTrackedChanges")]:
                doc = desktop.loadComponentFromURL(
                    uno.systemPathToFileUrl(path), "_blank", 0, hidden())
                frame = doc.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, command, "", 0, ())
                out[path][choice] = read(doc)
                doc.close(True)
        print(json.dumps(out))
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge closes as LibreOffice quits
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


main()
