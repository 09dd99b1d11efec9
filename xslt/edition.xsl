<?xml version="1.0" encoding="UTF-8"?>
<!--
  The reading edition: the one stylesheet tei-encoder compiles. A TEI file gives
  its page; an e:edition wrapper (made by tei_encoder.html from a folder of TEI)
  gives the collection's index page or its persons index, chosen by $page.

  The modules each own one area of TEI; this file owns the page skeleton and the
  structure of the text (divisions, paragraphs, heads), and the fallback that
  keeps the words of any element no module knows.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:tei-encoder:xslt"
    xmlns:e="urn:tei-encoder:edition"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="modules/common.xsl"/>
  <xsl:include href="modules/header.xsl"/>
  <xsl:include href="modules/correspondence.xsl"/>
  <xsl:include href="modules/transcription.xsl"/>
  <xsl:include href="modules/names.xsl"/>
  <xsl:include href="modules/furniture.xsl"/>
  <xsl:include href="modules/collection.xsl"/>

  <!-- Two rules for one element are a bug in the modules, not a choice to leave to the processor. -->
  <xsl:mode on-multiple-match="fail" use-accumulators="#all"/>

  <!--
    The serializer would escape every a/@href and link/@href itself (escape-uri-attributes), looking at each
    one; the stylesheet does it instead (f:uri), and only for the links whose text comes from the TEI or the
    caller: the rest are ASCII by construction. The pages are the same, byte for byte.
  -->
  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"
      escape-uri-attributes="no"/>

  <!-- The view a page opens in: 'diplomatic' (what the paper shows) or 'reading' (furniture hidden). -->
  <xsl:param name="view" as="xs:string" select="'diplomatic'"/>
  <!-- The language of the page when the TEI states none. -->
  <xsl:param name="lang" as="xs:string" select="'en'"/>
  <!-- CSS to inline in the page (a single page that must work alone) ... -->
  <xsl:param name="css" as="xs:string" select="''"/>
  <!-- ... or the address of the stylesheet to link (a site shares one). -->
  <xsl:param name="css-href" as="xs:string" select="''"/>
  <!-- In a site, the pages link to the index and the persons index. -->
  <xsl:param name="site" as="xs:boolean" select="false()"/>
  <!-- For an e:edition input: 'index' or 'persons'. -->
  <xsl:param name="page" as="xs:string" select="'index'"/>
  <xsl:param name="edition-title" as="xs:string" select="'Reading edition'"/>

  <xsl:template match="/">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes">tei-encoder: the root element is {name()}, not TEI</xsl:message>
  </xsl:template>

  <!-- ===== the page skeleton ===== -->

  <!--
    The context item (a TEI element or an e:edition) gives the content of main through the mode
    f:page-content. Content built first and handed in as a parameter was a temporary tree that had
    to be copied again into the page: some 15 per cent of the time of a transform.
  -->
  <xsl:template name="f:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="page-lang" as="xs:string" select="$lang"/>
    <xsl:param name="toggle" as="xs:boolean" select="false()"/>
    <html lang="{$page-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tei-encoder"/>
        <title>{$title}</title>
        <xsl:choose>
          <xsl:when test="$css-href">
            <link rel="stylesheet" href="{f:uri($css-href)}"/>
          </xsl:when>
          <xsl:when test="$css">
            <style>{$css}</style>
          </xsl:when>
        </xsl:choose>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to the text</a>
        <header class="site-header">
          <xsl:if test="$site">
            <nav aria-label="Edition">
              <ul>
                <li><a href="index.html">Documents</a></li>
                <li><a href="persons.html">Persons</a></li>
              </ul>
            </nav>
          </xsl:if>
          <h1>{$title}</h1>
        </header>
        <main id="main">
          <xsl:if test="$toggle">
            <!--
              The reading view is pure CSS: this box, checked, hides the furniture of
              the documents after it, so it must stay a sibling of their sections.
            -->
            <input type="checkbox" id="view-reading" class="view-switch">
              <xsl:if test="$view = 'reading'"><xsl:attribute name="checked" select="'checked'"/></xsl:if>
            </input>
            <label for="view-reading" class="view-label">Reading view <span class="hint">(hides page furniture, joins pages)</span></label>
          </xsl:if>
          <xsl:apply-templates select="." mode="f:page-content"/>
        </main>
        <footer class="site-footer">
          <p>Made by tei-encoder from TEI P5. Diplomatic view: struck words, stamps and page boundaries as on the paper;
            editorial additions are in <span class="editorial">[brackets]</span>.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ===== one TEI file ===== -->

  <xsl:template match="/tei:TEI">
    <xsl:call-template name="f:page">
      <xsl:with-param name="title" select="f:title(.)"/>
      <xsl:with-param name="toggle" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="f:page-content">
    <xsl:call-template name="f:metadata"/>
    <xsl:apply-templates select="tei:text/tei:front"/>
    <xsl:apply-templates select="f:documents(.)" mode="f:document"/>
    <xsl:call-template name="f:page-index"/>
  </xsl:template>

  <xsl:template match="tei:front">
    <section class="front" aria-labelledby="front-h">
      <h2 id="front-h">Description</h2>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <xsl:template match="tei:front//tei:div">
    <div class="front-{(@type, 'div')[1]}">
      <xsl:if test="not(tei:head) and @type">
        <h3>{f:front-label(@type)}</h3>
      </xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- Made once, not for every call. -->
  <xsl:variable name="f:front-labels" as="map(xs:string, xs:string)" select="
      map { 'caption': 'Caption', 'catalogueEntry': 'Catalogue entry', 'citation': 'Citation',
            'summary': 'Summary', 'sourceNote': 'Source note', 'footnotes': 'Notes' }"/>

  <xsl:function name="f:front-label" as="xs:string">
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="($f:front-labels($type), upper-case(substring($type, 1, 1)) || substring($type, 2))[1]"/>
  </xsl:function>

  <!-- One section per document, with the furniture, letter parts and text in the order of the paper. -->
  <xsl:template match="*" mode="f:document">
    <xsl:variable name="id" select="f:doc-id(.)"/>
    <section class="document" id="{$id}" aria-labelledby="{$id}-h">
      <h2 id="{$id}-h">{f:doc-heading(.)}</h2>
      <div class="text">
        <!-- The page speaks the reader's language ($lang); the transcript keeps its own. -->
        <xsl:variable name="text-lang" select="ancestor-or-self::*[@xml:lang][1]/@xml:lang"/>
        <xsl:if test="$text-lang and $text-lang ne $lang"><xsl:attribute name="lang" select="$text-lang"/></xsl:if>
        <xsl:if test=".//tei:pb">
          <div class="pb pb-first"><span class="pb-label">page 1</span></div>
        </xsl:if>
        <xsl:apply-templates/>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="tei:body//tei:div">
    <div class="div div-{(@type, 'plain')[1]}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:head">
    <xsl:choose>
      <xsl:when test="f:phrasing(.)"><span class="head">
        <xsl:apply-templates/></span></xsl:when>
      <xsl:otherwise>
        <h3 class="head"><xsl:apply-templates/></h3>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab">
    <!-- Only a paragraph next to a page break can join another: the functions are asked only then. -->
    <xsl:variable name="classes" select="(local-name(),
        if (following-sibling::*[not(self::tei:fw)][1][self::tei:pb] and f:joins-next(.)) then 'cont-next' else (),
        if (preceding-sibling::*[not(self::tei:fw)][1][self::tei:pb] and f:joins-previous(.)) then 'cont-prev' else ())"/>
    <xsl:element name="{if (f:phrasing(.)) then 'span' else 'p'}">
      <xsl:attribute name="class" select="$classes"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:list">
    <xsl:choose>
      <xsl:when test="f:phrasing(.)">
        <span class="list"><xsl:apply-templates select="tei:item"/></span>
      </xsl:when>
      <xsl:otherwise>
        <ul class="list"><xsl:apply-templates select="tei:item"/></ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:item">
    <xsl:element name="{if (parent::tei:list and not(f:phrasing(..))) then 'li' else 'span'}">
      <xsl:attribute name="class" select="'item'"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:hi">
    <span class="hi hi-{translate(normalize-space(@rend), ' ', '-')}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:foreign">
    <span class="foreign">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:q | tei:quote">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Any element no module knows keeps its words. -->
  <xsl:template match="tei:text//*" priority="-2">
    <span class="tei-{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <!--
    HTML forbids blocks inside a paragraph. Only divisions and the letter's
    opener, closer and address become blocks that may hold blocks; anything
    inside any other element is in running text and is rendered as a span
    (styled as a block where the paper sets it apart).
  -->
  <xsl:function name="f:phrasing" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/ancestor::*[not(self::tei:TEI or self::tei:text or self::tei:body
        or self::tei:front or self::tei:back or self::tei:group or self::tei:div or self::tei:opener
        or self::tei:closer or self::tei:postscript or self::tei:address)])"/>
  </xsl:function>

  <!--
    A paragraph that stops at a page break without ending its sentence goes on
    after the break; the reading view joins the two.
  -->
  <xsl:function name="f:joins-next" as="xs:boolean">
    <xsl:param name="p" as="element()"/>
    <xsl:variable name="pb" select="$p/following-sibling::*[not(self::tei:fw)][1][self::tei:pb]"/>
    <xsl:sequence select="exists($pb/following-sibling::*[not(self::tei:fw or self::tei:pb)][1][self::tei:p or self::tei:ab])
                          and f:open-ended($p)"/>
  </xsl:function>

  <xsl:function name="f:joins-previous" as="xs:boolean">
    <xsl:param name="p" as="element()"/>
    <xsl:variable name="pb" select="$p/preceding-sibling::*[not(self::tei:fw)][1][self::tei:pb]"/>
    <xsl:variable name="prev" select="$pb/preceding-sibling::*[not(self::tei:fw or self::tei:pb)][1][self::tei:p or self::tei:ab]"/>
    <xsl:sequence select="exists($prev) and f:open-ended($prev)"/>
  </xsl:function>

  <!--
    A paragraph whose last words end without a full stop (or the like) goes on. The last character that is
    not a space is compared, not matched with '[.!?:;"”’)\]]\s*$': a regex tries every position of the text.
  -->
  <xsl:function name="f:open-ended" as="xs:boolean">
    <xsl:param name="p" as="element()"/>
    <xsl:variable name="last" select="normalize-space($p/descendant::text()[normalize-space()][last()])"/>
    <xsl:sequence select="$last ne ''
        and not(substring($last, string-length($last)) = ('.', '!', '?', ':', ';', '&quot;', '”', '’', ')', ']'))"/>
  </xsl:function>
</xsl:stylesheet>
