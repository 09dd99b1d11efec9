<?xml version="1.0" encoding="UTF-8"?>
<!--
  The pages of a static edition that span files: the list of documents in date
  order with their correspondents, and the persons index across the collection.
  The input is an e:edition element holding one e:file (with the href of its
  page) per TEI file; links point at the same ids the document pages carry.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:tei-encoder:xslt"
    xmlns:e="urn:tei-encoder:edition"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="/e:edition">
    <xsl:call-template name="f:page">
      <xsl:with-param name="title" select="if ($page = 'persons') then 'Persons — ' || $edition-title else $edition-title"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="e:edition" mode="f:page-content">
    <xsl:choose>
      <xsl:when test="$page = 'persons'"><xsl:call-template name="f:persons-page"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="f:index-page"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:function name="f:sent-date" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="d" select="f:corresp-of($doc)/tei:correspAction[@type = 'sent']/tei:date[1]"/>
    <xsl:sequence select="string(($d/@when, $d/@notBefore, $d/@notAfter)[1])"/>
  </xsl:function>

  <xsl:template name="f:index-page">
    <xsl:variable name="docs" select="e:file/tei:TEI/f:documents(.)"/>
    <section aria-labelledby="docs-h">
      <h2 id="docs-h">Documents by date</h2>
      <p>{count($docs)} documents in {count(e:file)} files. <a href="persons.html">Index of persons</a>.</p>
      <table class="doc-list">
        <thead>
          <tr><th scope="col">Date</th><th scope="col">From → to</th><th scope="col">Place</th><th scope="col">Document</th></tr>
        </thead>
        <tbody>
          <xsl:for-each select="$docs">
            <!-- Undated documents go last, in file order. -->
            <xsl:sort select="if (f:sent-date(.)) then 0 else 1"/>
            <xsl:sort select="f:sent-date(.)"/>
            <xsl:variable name="cd" select="f:corresp-of(.)"/>
            <xsl:variable name="date" select="$cd/tei:correspAction[@type = 'sent']/tei:date[1]"/>
            <xsl:variable name="href" select="ancestor::e:file/@href || '#' || f:doc-id(.)"/>
            <tr>
              <td>
                <xsl:choose>
                  <xsl:when test="f:sent-date(.)"><time datetime="{f:sent-date(.)}">{f:date-label($date)}</time></xsl:when>
                  <xsl:otherwise>undated</xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="parties">{(f:parties($cd)[.], 'not stated')[1]}</td>
              <td>{string-join($cd/tei:correspAction[@type = 'sent']/tei:placeName ! normalize-space(.), ', ')}</td>
              <td><a href="{f:uri($href)}">{f:title(ancestor::tei:TEI)}</a>
                <xsl:if test="count(f:documents(ancestor::tei:TEI)) gt 1"> (document {f:doc-number(.)})</xsl:if></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- One person across files: the same Wikidata or VIAF identifier, else the same xml:id. -->
  <xsl:function name="f:person-identity" as="xs:string">
    <xsl:param name="ref" as="xs:string"/>
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="person" select="key('f:person', f:person-key($ref), $tei)[1]"/>
    <xsl:variable name="idno" select="$person/tei:idno[@type = ('wikidata', 'VIAF', 'viaf')][1]"/>
    <xsl:sequence select="if ($idno) then lower-case($idno/@type) || '-' || normalize-space($idno) else f:person-key($ref)"/>
  </xsl:function>

  <xsl:template name="f:persons-page">
    <xsl:variable name="mentions" select="e:file/tei:TEI/tei:text//tei:persName[@ref]"/>
    <xsl:variable name="listed" select="e:file/tei:TEI/tei:teiHeader//tei:listPerson/tei:person[@xml:id]"/>
    <section aria-labelledby="persons-h">
      <h2 id="persons-h">Persons in the collection</h2>
      <ul class="persons">
        <xsl:for-each-group select="$listed, $mentions"
            group-by="f:person-identity(if (self::tei:person) then '#' || @xml:id else @ref, ancestor::tei:TEI)">
          <xsl:sort select="f:sort-name(f:group-name(current-group()))"/>
          <li id="person-{replace(current-grouping-key(), '[^A-Za-z0-9_.-]', '_')}">
            <span class="person-name">{f:group-name(current-group())}</span>
            <xsl:call-template name="f:idnos">
              <xsl:with-param name="person" select="current-group()[self::tei:person][tei:idno][1]"/>
            </xsl:call-template>
            <xsl:variable name="here" select="current-group()[self::tei:persName]"/>
            <xsl:choose>
              <xsl:when test="$here">
                <ul class="mentions">
                  <xsl:for-each-group select="$here" group-by="ancestor::e:file/@href">
                    <li>
                      <span class="file-title">{f:title(ancestor::tei:TEI)}</span>
                      <xsl:text>: </xsl:text>
                      <xsl:call-template name="f:backlinks">
                        <xsl:with-param name="mentions" select="current-group()"/>
                        <xsl:with-param name="href" select="string(current-grouping-key())"/>
                      </xsl:call-template>
                    </li>
                  </xsl:for-each-group>
                </ul>
              </xsl:when>
              <xsl:otherwise><span class="not-in-text"> (named in headers only)</span></xsl:otherwise>
            </xsl:choose>
          </li>
        </xsl:for-each-group>
      </ul>
    </section>
  </xsl:template>
</xsl:stylesheet>
