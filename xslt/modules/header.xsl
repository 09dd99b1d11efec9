<?xml version="1.0" encoding="UTF-8"?>
<!--
  Header and metadata: the panel a reader meets first. It answers what the file
  is, where the paper is kept, who wrote to whom, when and from where, and how
  each document was classified and later declassified, in that order.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:tei-encoder:xslt"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="f:title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="(normalize-space($tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])[.],
                           'Untitled transcript')[1]"/>
  </xsl:function>

  <!-- "Sender → Addressee, date, place": the heading of a document and its line in an index. -->
  <xsl:function name="f:doc-heading" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="cd" select="f:corresp-of($doc)"/>
    <xsl:variable name="parties" select="f:parties($cd)"/>
    <xsl:variable name="date" select="f:date-label($cd/tei:correspAction[@type = 'sent']/tei:date[1])"/>
    <xsl:sequence select="'Document ' || f:doc-number($doc)
                          || (if ($parties) then ': ' || $parties else '')
                          || (if ($date) then ', ' || $date else '')"/>
  </xsl:function>

  <xsl:function name="f:parties" as="xs:string">
    <xsl:param name="cd" as="element(tei:correspDesc)?"/>
    <xsl:variable name="from" select="f:party($cd/tei:correspAction[@type = 'sent'])"/>
    <xsl:variable name="to" select="f:party($cd/tei:correspAction[@type = 'received'])"/>
    <xsl:sequence select="if ($from or $to) then ($from, 'unknown')[.][1] || ' → ' || ($to, 'unknown')[.][1] else ''"/>
  </xsl:function>

  <xsl:function name="f:party" as="xs:string">
    <xsl:param name="action" as="element(tei:correspAction)?"/>
    <xsl:sequence select="string-join(for $n in $action/(tei:persName | tei:orgName)
                            return f:person-name($n/@ref, $n), ' and ')"/>
  </xsl:function>

  <xsl:template name="f:metadata">
    <xsl:variable name="fd" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="bibl" select="$fd/tei:sourceDesc/tei:bibl[1]"/>
    <section class="metadata" aria-labelledby="about-h">
      <h2 id="about-h">About this transcript</h2>
      <dl class="meta">
        <dt>Title</dt>
        <dd>{f:title(.)}</dd>
        <xsl:if test="$bibl/tei:title and normalize-space($bibl/tei:title[1]) ne f:title(.)">
          <dt>Source</dt>
          <dd><cite>{normalize-space($bibl/tei:title[1])}</cite></dd>
        </xsl:if>
        <xsl:for-each select="$bibl/tei:orgName[@role = 'repository']">
          <dt>Repository</dt>
          <dd>{normalize-space(.)}</dd>
        </xsl:for-each>
        <xsl:for-each select="$bibl/tei:note[@type = 'collection']">
          <dt>Collection</dt>
          <dd>{normalize-space(.)}</dd>
        </xsl:for-each>
        <xsl:for-each select="$bibl/tei:note[@type = 'citation']">
          <dt>Citation</dt>
          <dd><xsl:apply-templates/></dd>
        </xsl:for-each>
        <xsl:for-each select="$bibl/tei:note[@type = 'transcript']">
          <dt>Transcript</dt>
          <dd>{normalize-space(.)}</dd>
        </xsl:for-each>
      </dl>
      <xsl:for-each select="f:documents(.)">
        <xsl:call-template name="f:document-facts"/>
      </xsl:for-each>
      <xsl:if test="tei:teiHeader/tei:revisionDesc/tei:change">
        <details class="revisions">
          <summary>Encoding history</summary>
          <ul>
            <xsl:for-each select="tei:teiHeader/tei:revisionDesc/tei:change">
              <li><xsl:if test="@when"><time datetime="{@when}">{@when}</time>: </xsl:if>{normalize-space(.)}</li>
            </xsl:for-each>
          </ul>
        </details>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- Context: one document. -->
  <xsl:template name="f:document-facts">
    <xsl:variable name="id" select="f:doc-id(.)"/>
    <xsl:variable name="cd" select="f:corresp-of(.)"/>
    <xsl:variable name="sent" select="$cd/tei:correspAction[@type = 'sent']"/>
    <xsl:variable name="received" select="$cd/tei:correspAction[@type = 'received']"/>
    <div class="doc-facts" id="{$id}-facts">
      <h3><a href="{f:uri('#' || $id)}">Document {f:doc-number(.)}</a></h3>
      <dl class="meta">
        <dt>From → to</dt>
        <dd class="parties">{(f:parties($cd)[.], 'not stated')[1]}</dd>
        <dt>Date</dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$sent/tei:date">
              <xsl:for-each select="$sent/tei:date[1]">
                <time datetime="{(@when, @notBefore, @notAfter)[1]}">{f:date-label(.)}</time>
                <xsl:if test="normalize-space(.) and normalize-space(.) ne f:date-label(.)">
                  <span class="as-written"> (“{normalize-space(.)}”)</span>
                </xsl:if>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise>not stated</xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt>Place</dt>
        <dd>{(string-join(($sent/tei:placeName ! normalize-space(.))[.], ', ')[.], 'not stated')[1]}<xsl:if
            test="$received/tei:placeName"> → {string-join($received/tei:placeName ! normalize-space(.), ', ')}</xsl:if></dd>
        <xsl:for-each select="$cd/tei:note">
          <dt>Note</dt>
          <dd>{normalize-space(.)}</dd>
        </xsl:for-each>
        <dt>Classification</dt>
        <dd><xsl:call-template name="f:classification-history"/></dd>
      </dl>
    </div>
  </xsl:template>

  <!--
    The history of a document's classification, from the marks and stamps on its
    pages in the order of the paper: marked, struck, declassified and by whom.
  -->
  <xsl:template name="f:classification-history">
    <xsl:variable name="stamps" select=".//tei:stamp[@type = ('classification', 'declassification')]"/>
    <xsl:choose>
      <xsl:when test="empty($stamps)">No classification marks.</xsl:when>
      <xsl:otherwise>
        <ol class="history">
          <xsl:for-each select="$stamps">
            <li class="history-{@type}">
              <xsl:choose>
                <xsl:when test="@type = 'classification'">
                  <xsl:text>Marked </xsl:text>
                  <span class="mark">{upper-case(normalize-space(.))}</span>
                  <xsl:if test="f:struck(.)">, <span class="struck-note">struck through</span></xsl:if>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:call-template name="f:declassification"/>
                </xsl:otherwise>
              </xsl:choose>
              <xsl:text> ({f:page-label(.)})</xsl:text>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:function name="f:page-label" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="'p. ' || f:page-of($node)"/>
  </xsl:function>

  <!--
    A declassification stamp reads "DECLASSIFIED / E. O. 11652 ... / By NLT-HC,
    NARS Date 12-2-75": its date and agent are pulled out; the other lines are
    the authority, kept as typed since OCR garbles them.
  -->
  <xsl:template name="f:declassification">
    <xsl:variable name="lines" select="f:lines(.)[not(matches(., '^DECLASS[I1]FIED\.?$', 'i'))]"/>
    <xsl:variable name="text" select="string-join($lines, ' ')"/>
    <xsl:variable name="date" select="replace(($lines[matches(., 'Date\s*:?\s*\S', 'i')])[1],
                                      '^.*Date\s*:?\s*(\S+).*$', '$1', 'i')"/>
    <xsl:variable name="by-line" select="$lines[matches(., '^By\s', 'i')][1]"/>
    <xsl:variable name="by" select="normalize-space(replace(replace($by-line, '^By\s+', '', 'i'),
                                    ',?\s*Date\s*:?\s*\S+.*$', '', 'i'))"/>
    <xsl:variable name="authority" select="$lines[not(. = $by-line)]
                                           [not(matches(., '^[^,]*,?\s*(NARS\s+)?Date\s', 'i'))]"/>
    <xsl:text>Declassified</xsl:text>
    <xsl:if test="$date"> on <span class="declass-date">{$date}</span></xsl:if>
    <xsl:if test="exists($authority)"> under <span class="authority">{string-join($authority, '; ')}</span></xsl:if>
    <xsl:if test="$by"> by <span class="agent">{$by}</span></xsl:if>
    <xsl:if test="not($text)"> (authority not stated)</xsl:if>
  </xsl:template>
</xsl:stylesheet>
