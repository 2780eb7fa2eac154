"""Every page of every sample vendor's own site (`build --all-vendors`), laid out by Chromium at
390 px, as tests/browser/test_page_quality.py checks the internal and restricted sites: the
vendors' staff read their site on a phone first. A file of its own, so that a second test worker
can run it beside the other site's check.
"""

from __future__ import annotations

from .test_page_quality import laid_out_problems, report


def test_every_vendor_site_page_fits_a_phone(browser, partner_sites):
    problems = laid_out_problems(browser, partner_sites)
    assert problems == {}, report(problems)
