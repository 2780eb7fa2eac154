/* checklist progress: see issue 4 */
