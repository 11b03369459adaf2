/** Says that the text beside it was read from a picture (OCR), so it may have misread words. */
export function OcrBadge() {
  return (
    <span className="badge" title="Read from a picture of the page by OCR: words may be misread">
      OCR
    </span>
  );
}
